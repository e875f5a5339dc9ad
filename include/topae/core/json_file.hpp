#pragma once
// Reading a JSON file, with errors that name it: "PATH: cannot open WHAT", "PATH: not valid
// JSON: ...". Json is nlohmann::json or nlohmann::ordered_json (keeps the file's key order).
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "topae/core/error.hpp"

namespace topae {

template <typename Json = nlohmann::json>
Json read_json_file(const std::filesystem::path& path, const std::string& what = "file") {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open " + what);
  try {
    return Json::parse(in);
  } catch (const typename Json::parse_error& e) {
    throw InputError(path, std::string("not valid JSON: ") + e.what());
  }
}

}  // namespace topae
