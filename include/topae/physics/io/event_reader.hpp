#pragma once
// EventReader: the events of a HepMC3, HepMC2 or LHE file (io/event_format.hpp), plain or
// gzip-compressed, one at a time, read by HepMC3's own readers (ReaderAscii,
// ReaderAsciiHepMC2, ReaderLHEF) and handed out as EventRecords, so that no user of topae
// sees a HepMC3 type. Memory does not grow with the file.
//
// Every malformed file is an InputError naming the file, the line and the event:
//   FILE:LINE: event 11 (after event number 9): HepMC3 could not parse the event
//   FILE:LINE: truncated: the file ends without its last line 'HepMC::Asciiv3-END_EVENT_LISTING' ...
//   FILE:LINE: corrupt gzip data (CRC mismatch) ...
// A listing must end with its format's end line (end_marker()): without it the file was cut,
// even where the cut falls between two events. LINE is the line of the text (decompressed)
// where HepMC3 stopped reading. Multi-file LHE runs (an <eventfiles> block in <init>, whose
// events are in other files named inside the file) are refused (in a regular file: a pipe
// cannot be read twice to look for the block).
//
// HepMC3 3.1 printf()s to standard output on a malformed event whatever its Setup says: while
// next() reads (or from keep_stdout_muted(true) to keep_stdout_muted(false)), file descriptor
// 1 points at /dev/null, so output of other threads to it in that time is lost. HepMC3's
// other messages are turned off while a reader lives.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "topae/physics/four_vector.hpp"
#include "topae/physics/io/event_format.hpp"

namespace topae::physics::io {

struct Particle {
  int pdg = 0;          // PDG id
  int status = 0;       // HepMC status: 1 final state, 2 decayed, 4 beam, ...; in LHE files ISTUP (1, -1, 2)
  FourVector momentum;  // GeV, whatever the file's unit
};

struct EventRecord {
  long long number = 0;  // the file's event number (LHE files have none: the event's place, from 0)
  std::vector<Particle> particles;  // every particle of the event, in the file's order
  std::vector<double> weights;      // every weight, in the file's order (maybe none)
};

class EventReader {
 public:
  // Opens `path` (gzip if its name ends in .gz) as `format`, else as its first lines say,
  // else as its name says. Throws InputError naming the file if it cannot be opened or read,
  // its format cannot be told, or it is a multi-file LHE run.
  explicit EventReader(const std::filesystem::path& path, std::optional<EventFormat> format = std::nullopt);
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;
  ~EventReader();

  const std::filesystem::path& path() const;
  EventFormat format() const;
  // Reads the next event into `event` (its vectors reused); false after the last one. Throws
  // InputError (above) on a malformed, truncated or corrupt file, a momentum or weight that is
  // not finite, and on a file whose events' weights change in number.
  bool next(EventRecord& event);
  // The weights' names as the file declares them (HepMC3's run info: W lines, LHE weight
  // groups); may be empty. Known once the first event is read.
  std::vector<std::string> weight_names() const;
  std::int64_t events_read() const;
  // true: standard output stays muted from one next() to the next until keep_stdout_muted(false)
  // (or the reader's end), instead of being muted and restored around each event (two dup2
  // calls, 5 % of the reading): for a thread that reads a batch of events in a row.
  void keep_stdout_muted(bool keep);
  // Bytes of the file (compressed, for .gz) read so far, and its size: for a progress bar.
  std::uintmax_t bytes_read() const;
  std::uintmax_t file_size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace topae::physics::io
