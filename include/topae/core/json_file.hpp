#pragma once
// Reading a JSON file, with errors that name it: "PATH: cannot open WHAT: no such file",
// "PATH: cannot open WHAT: it is a directory, not a file", "PATH: not valid JSON: ..." (a
// syntax error, or a number too large for a double).
// Json is nlohmann::json or nlohmann::ordered_json (keeps the file's key order).
//
// A file larger than kMaxJsonFileBytes is refused before it is read: nlohmann's tree takes
// several times the file's size in memory, and no file topae writes comes near it (a model
// of a million parameters is about 20 MB).
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "topae/core/error.hpp"

namespace topae {

inline constexpr std::uintmax_t kMaxJsonFileBytes = std::uintmax_t{1} << 30;  // 1 GiB

template <typename Json = nlohmann::json>
Json read_json_file(const std::filesystem::path& path, const std::string& what = "file") {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(path, "cannot open " + what + ": no such file");
  if (fs::is_directory(status)) throw InputError(path, "cannot open " + what + ": it is a directory, not a file");
  if (!fs::is_regular_file(status)) throw InputError(path, "cannot open " + what + ": not a regular file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw InputError(path, "cannot read " + what + ": " + ec.message());
  if (size > kMaxJsonFileBytes) {
    throw InputError(path, "cannot read " + what + ": " + std::to_string(size) + " bytes, more than the " +
                               std::to_string(kMaxJsonFileBytes) + " a JSON file may have");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open " + what + ": " + std::strerror(errno));
  try {
    return Json::parse(in);
  } catch (const typename Json::exception& e) {
    // parse_error, and out_of_range for a number beyond a double (1e400): both bad input.
    throw InputError(path, std::string("not valid JSON: ") + e.what());
  } catch (const std::ios_base::failure& e) {
    throw InputError(path, std::string("cannot read ") + what + ": " + e.what());
  }
}

// Throws InputError unless `j` is an object with "format": FORMAT and "version": VERSION:
// "SOURCE: not a topae WHAT (expected "format": "FORMAT")" or "SOURCE: unsupported WHAT
// version V (this topae reads version VERSION)".
inline void check_format(const nlohmann::json& j, const std::string& format, int version, const std::string& what,
                         const std::string& source) {
  if (!j.is_object() || j.value("format", std::string()) != format)
    throw InputError(source + ": not a topae " + what + " (expected \"format\": \"" + format + "\")");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != version) {
    throw InputError(source + ": unsupported " + what + " version " + (j.contains("version") ? j["version"].dump() : "(missing)") +
                     " (this topae reads version " + std::to_string(version) + ")");
  }
}

}  // namespace topae
