#include "topae/physics/io/event_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "topae/core/error.hpp"

namespace topae::physics::io {

namespace {

std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

std::string_view trimmed(std::string_view line) {
  const auto begin = line.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const auto end = line.find_last_not_of(" \t\r");
  return line.substr(begin, end - begin + 1);
}

}  // namespace

std::string event_format_name(EventFormat format) {
  switch (format) {
    case EventFormat::hepmc3: return "hepmc3";
    case EventFormat::hepmc2: return "hepmc2";
    case EventFormat::lhe: return "lhe";
  }
  return "hepmc3";
}

EventFormat parse_event_format(const std::string& name) {
  for (const auto f : {EventFormat::hepmc3, EventFormat::hepmc2, EventFormat::lhe}) {
    if (name == event_format_name(f)) return f;
  }
  throw InputError(fmt::format("--format must be hepmc3, hepmc2 or lhe, got '{}'", name));
}

std::string_view end_marker(EventFormat format) {
  switch (format) {
    case EventFormat::hepmc3: return "HepMC::Asciiv3-END_EVENT_LISTING";
    case EventFormat::hepmc2: return "HepMC::IO_GenEvent-END_EVENT_LISTING";
    case EventFormat::lhe: return "</LesHouchesEvents>";
  }
  return {};
}

bool is_gzip_name(const std::filesystem::path& path) { return lower_extension(path) == ".gz"; }

std::optional<EventFormat> format_of_name(const std::filesystem::path& path) {
  const std::string extension = lower_extension(is_gzip_name(path) ? path.stem() : path);
  if (extension == ".hepmc" || extension == ".hepmc3") return EventFormat::hepmc3;
  if (extension == ".hepmc2") return EventFormat::hepmc2;
  if (extension == ".lhe") return EventFormat::lhe;
  return std::nullopt;
}

std::optional<EventFormat> format_of_text(std::string_view head) {
  // The first lines that are not blank: at most a version line, then the listing's start.
  int lines = 0;
  while (!head.empty() && lines < 2) {
    const auto end = head.find('\n');
    const std::string_view line = trimmed(head.substr(0, end));
    head = end == std::string_view::npos ? std::string_view() : head.substr(end + 1);
    if (line.empty()) continue;
    ++lines;
    if (line.starts_with("<LesHouchesEvents")) return EventFormat::lhe;
    if (line.starts_with("HepMC::Asciiv3-START_EVENT_LISTING")) return EventFormat::hepmc3;
    if (line.starts_with("HepMC::IO_GenEvent-START_EVENT_LISTING")) return EventFormat::hepmc2;
    if (!line.starts_with("HepMC::Version")) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace topae::physics::io
