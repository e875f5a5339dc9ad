#pragma once
// Event-file formats read through HepMC3 (docs/formats.md, "Event files"):
//   hepmc3  HepMC3's ASCII format (Asciiv3), ReaderAscii          .hepmc, .hepmc3
//   hepmc2  HepMC2's IO_GenEvent ASCII format, ReaderAsciiHepMC2  .hepmc2
//   lhe     Les Houches Event files, ReaderLHEF                   .lhe
// each optionally gzip-compressed (a further .gz). The format of a file is, in this order:
// the one asked for (--format), the one its first lines say (format_of_text), the one its
// name says (format_of_name).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace topae::physics::io {

enum class EventFormat { hepmc3, hepmc2, lhe };

// "hepmc3", "hepmc2", "lhe": the names --format takes.
std::string event_format_name(EventFormat format);
// Throws InputError naming --format and the names it takes.
EventFormat parse_event_format(const std::string& name);
// The line a listing of this format ends with; a file without it is truncated.
std::string_view end_marker(EventFormat format);

// By the extension, in any case, after a trailing .gz is set aside; none if unknown.
std::optional<EventFormat> format_of_name(const std::filesystem::path& path);
// True when the name ends in .gz (any case): the file is read through gzip.
bool is_gzip_name(const std::filesystem::path& path);
// By the first lines of a text (blank lines skipped): "<LesHouchesEvents" starts LHE;
// "HepMC::Asciiv3-START_EVENT_LISTING" and "HepMC::IO_GenEvent-START_EVENT_LISTING" start the
// two HepMC listings, after an optional "HepMC::Version" line (which alone does not decide:
// HepMC3 writes both listings). None if the text says neither.
std::optional<EventFormat> format_of_text(std::string_view head);

}  // namespace topae::physics::io
