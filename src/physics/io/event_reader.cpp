#include "topae/physics/io/event_reader.hpp"

#include <fmt/format.h>

#include <HepMC3/GenEvent.h>
#include <HepMC3/GenParticle.h>
#include <HepMC3/GenRunInfo.h>
#include <HepMC3/ReaderAscii.h>
#include <HepMC3/ReaderAsciiHepMC2.h>
#include <HepMC3/ReaderLHEF.h>
#include <HepMC3/Setup.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <exception>

#include "text_stream.hpp"
#include "topae/core/error.hpp"

namespace topae::physics::io {

namespace {

// HepMC3 3.1 prints its errors to std::cerr and its warnings and debug lines to std::cout,
// several lines each: while a reader lives, they are off, and the reader reports what went
// wrong as one InputError instead.
class QuietHepMC3 {
 public:
  QuietHepMC3()
      : errors_(HepMC3::Setup::print_errors()),
        warnings_(HepMC3::Setup::print_warnings()),
        debug_(HepMC3::Setup::debug_level()) {
    HepMC3::Setup::set_print_errors(false);
    HepMC3::Setup::set_print_warnings(false);
    HepMC3::Setup::set_debug_level(0);
  }
  QuietHepMC3(const QuietHepMC3&) = delete;
  QuietHepMC3& operator=(const QuietHepMC3&) = delete;
  ~QuietHepMC3() {
    HepMC3::Setup::set_print_errors(errors_);
    HepMC3::Setup::set_print_warnings(warnings_);
    HepMC3::Setup::set_debug_level(debug_);
  }

 private:
  bool errors_, warnings_;
  int debug_;
};

// HepMC3 3.1's ReaderAscii also printf()s "N  vs  M expected" to standard output when an
// event has too few or too many particles, whatever Setup says: while HepMC3 reads an event,
// file descriptor 1 points at /dev/null (two dup2 calls per event). Nothing else of topae's
// writes standard output while a reader reads.
class MutedStdout {
 public:
  MutedStdout() : null_(::open("/dev/null", O_WRONLY | O_CLOEXEC)), saved_(::fcntl(1, F_DUPFD_CLOEXEC, 3)) {}
  MutedStdout(const MutedStdout&) = delete;
  MutedStdout& operator=(const MutedStdout&) = delete;
  ~MutedStdout() {
    release();
    if (null_ >= 0) ::close(null_);
    if (saved_ >= 0) ::close(saved_);
  }
  // Mutes standard output until release(), across calls of operator(): two dup2 calls for a
  // batch of events instead of two per event.
  void hold() {
    if (held_ || null_ < 0 || saved_ < 0) return;
    std::fflush(stdout);
    ::dup2(null_, 1);
    held_ = true;
  }
  void release() {
    if (!held_) return;
    std::fflush(stdout);  // what HepMC3 printed meanwhile goes to /dev/null
    ::dup2(saved_, 1);
    held_ = false;
  }
  // Calls f() with standard output muted (and, unless held, restored after).
  template <class F>
  auto operator()(F f) {
    struct Restore {
      MutedStdout* muted;  // null: it was held before, and stays so
      ~Restore() {
        if (muted) muted->release();
      }
    } restore{held_ ? nullptr : this};
    hold();
    return f();
  }

 private:
  int null_ = -1, saved_ = -1;
  bool held_ = false;
};

// LHEF::Reader opens the files an <eventfiles> block names (relative to the working folder,
// uncompressed) and reads its events from them: refused, before the reader is made. Reads
// the lines up to </init> (or the first event).
void refuse_multi_file_lhe(const std::filesystem::path& path) {
  TextStream text(path);
  std::string line;
  // Not an LHE file at all: LHEF::Reader says so; nothing to scan.
  if (format_of_text(text.head()) != EventFormat::lhe) return;
  while (std::getline(text.stream(), line)) {
    if (line.find("<eventfiles") != std::string::npos) {
      throw InputError(fmt::format("{}:{}: a multi-file LHE run (<eventfiles>): its events are in the files "
                                   "that block names, which topae does not read; convert the run to one file",
                                   path.string(), text.line()));
    }
    if (line.find("</init>") != std::string::npos || line.find("<event") != std::string::npos) return;
  }
}

std::unique_ptr<HepMC3::Reader> make_reader(EventFormat format, std::istream& in) {
  switch (format) {
    case EventFormat::hepmc3: return std::make_unique<HepMC3::ReaderAscii>(in);
    case EventFormat::hepmc2: return std::make_unique<HepMC3::ReaderAsciiHepMC2>(in);
    case EventFormat::lhe: return std::make_unique<HepMC3::ReaderLHEF>(in);
  }
  return nullptr;
}

}  // namespace

struct EventReader::Impl {
  std::filesystem::path path;
  EventFormat format = EventFormat::hepmc3;
  QuietHepMC3 quiet;
  MutedStdout muted;
  std::unique_ptr<TextStream> text;
  std::unique_ptr<HepMC3::Reader> reader;  // reads text: declared after it, destroyed before it
  HepMC3::GenEvent event{HepMC3::Units::GEV, HepMC3::Units::MM};
  std::int64_t read = 0;
  long long last_number = 0;
  std::size_t n_weights = 0;
  bool done = false;

  // Where a gzip file's text goes wrong, the cause is often corrupt compressed data, found
  // only further on (the next invalid code, the CRC at the end): the message says so.
  [[noreturn]] void fail(const std::string& what) {
    std::string why = what;
    if (text->gzip() && text->error().empty()) {
      constexpr std::uintmax_t kCheckAhead = std::uintmax_t{1} << 28;
      if (const auto& gz = text->check_rest(kCheckAhead); !gz.empty()) why += "; further on: " + gz;
    }
    throw InputError(fmt::format("{}:{}: {}", path.string(), text->line(), why));
  }
  // "event 11 (after event number 9)": the event being read, counted from 1.
  std::string this_event() const {
    if (read == 0) return "event 1";
    return fmt::format("event {} (after event number {})", read + 1, last_number);
  }
  void check_stream() {
    if (!text->error().empty()) fail(fmt::format("{} in {}", text->error(), this_event()));
  }
  // At the end of the reading: all of the text was read and its last line closes the listing.
  void check_end() {
    check_stream();
    const std::string after = read == 0 ? "before any event"
                                        : fmt::format("after {} event{} (the last numbered {})", read,
                                                      read == 1 ? "" : "s", last_number);
    if (!text->at_end()) {
      fail(fmt::format("HepMC3 stopped reading {} before the end of the file (a line it does not support?)", after));
    }
    if (text->last_line() != end_marker(format)) {
      fail(fmt::format("truncated: the file ends {} without its last line '{}'", after, end_marker(format)));
    }
  }
  void convert(EventRecord& out) {
    event.set_units(HepMC3::Units::GEV, HepMC3::Units::MM);
    out.number = event.event_number();
    out.particles.clear();
    for (const auto& p : event.particles()) {
      const auto& m = p->momentum();
      Particle particle{p->pid(), p->status(), FourVector(m.e(), m.px(), m.py(), m.pz())};
      const auto& q = particle.momentum;
      if (!std::isfinite(q.e()) || !std::isfinite(q.px()) || !std::isfinite(q.py()) || !std::isfinite(q.pz())) {
        fail(fmt::format("{} (number {}): particle {} (PDG id {}): momentum not finite", this_event(), out.number,
                         out.particles.size() + 1, particle.pdg));
      }
      out.particles.push_back(particle);
    }
    out.weights.assign(event.weights().begin(), event.weights().end());
    for (std::size_t i = 0; i < out.weights.size(); ++i) {
      if (!std::isfinite(out.weights[i])) {
        fail(fmt::format("{} (number {}): weight {} not finite", this_event(), out.number, i + 1));
      }
    }
    if (read == 0) n_weights = out.weights.size();
    if (out.weights.size() != n_weights) {
      fail(fmt::format("{} (number {}): {} weights where the first event has {}", this_event(), out.number,
                       out.weights.size(), n_weights));
    }
  }
};

EventReader::EventReader(const std::filesystem::path& path, std::optional<EventFormat> format)
    : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  m.path = path;
  m.text = std::make_unique<TextStream>(path);
  const std::string_view head = m.text->head();
  m.check_stream();
  if (head.empty()) throw InputError(path, "empty file: no events");
  if (!m.text->gzip() && head.starts_with("\x1f\x8b")) {
    throw InputError(path, "gzip-compressed (it starts with gzip's magic bytes) but not named .gz: rename it");
  }
  if (format) {
    m.format = *format;
  } else if (const auto by_text = format_of_text(head)) {
    m.format = *by_text;
  } else if (const auto by_name = format_of_name(path)) {
    m.format = *by_name;
  } else {
    throw InputError(path, "cannot tell the event format: the first lines are neither HepMC nor LHE and the name "
                           "does not end in .hepmc, .hepmc3, .hepmc2 or .lhe (optionally .gz); give --format");
  }
  // The block is found by reading the header a first time: only where the file can be read
  // twice (not a pipe).
  if (m.format == EventFormat::lhe && std::filesystem::is_regular_file(path)) refuse_multi_file_lhe(path);
  try {
    m.reader = make_reader(m.format, m.text->stream());
  } catch (const std::exception& e) {  // LHEF::Reader: no <LesHouchesEvents> tag, no </init>
    m.check_stream();
    const char* what = m.format == EventFormat::lhe      ? "an LHE"
                       : m.format == EventFormat::hepmc2 ? "a HepMC2"
                                                         : "a HepMC3";
    m.fail(fmt::format("not {} file: {}", what, e.what()));
  }
}

EventReader::~EventReader() = default;

const std::filesystem::path& EventReader::path() const { return impl_->path; }
EventFormat EventReader::format() const { return impl_->format; }
std::int64_t EventReader::events_read() const { return impl_->read; }
std::uintmax_t EventReader::bytes_read() const { return impl_->text->bytes_read(); }
std::uintmax_t EventReader::file_size() const { return impl_->text->file_size(); }

void EventReader::keep_stdout_muted(bool keep) {
  if (keep) {
    impl_->muted.hold();
  } else {
    impl_->muted.release();
  }
}

std::vector<std::string> EventReader::weight_names() const {
  const auto run = impl_->reader->run_info();
  return run ? run->weight_names() : std::vector<std::string>{};
}

bool EventReader::next(EventRecord& out) {
  auto& m = *impl_;
  if (m.done) return false;
  bool parsed = false;
  try {
    m.event.clear();  // HepMC3 3.1's ReaderLHEF adds to the event it is given
    parsed = m.muted([&] { return m.reader->read_event(m.event); });
  } catch (const std::exception& e) {  // HepMC3: weights that do not match their names; LHEF: a bad event
    m.check_stream();
    m.fail(fmt::format("{}: {}", m.this_event(), e.what()));
  }
  m.check_stream();
  // HepMC3 3.1's ReaderLHEF returns false for every event it reads; failed() is what counts.
  if (m.format != EventFormat::lhe && !parsed) {
    m.fail(fmt::format("{}: HepMC3 could not parse the event (a malformed or cut line)", m.this_event()));
  }
  const bool end = m.reader->failed();
  // At the end of the text ReaderAscii may still hand out an event: one that runs up to the
  // very end of a file without its end line (check_end then refuses the file, counting it).
  const bool event = !end || (m.format != EventFormat::lhe && !m.event.particles().empty());
  if (event) {
    m.convert(out);
    m.last_number = out.number;
    ++m.read;
  }
  if (end) {
    m.done = true;
    m.check_end();
  }
  return event;
}

}  // namespace topae::physics::io
