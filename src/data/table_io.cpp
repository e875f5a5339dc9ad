// Chooses the table format by file extension.
#include "topae/data/table_io.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "topae/core/error.hpp"
#include "topae/core/memory.hpp"

namespace topae::data {
namespace {

enum class Format { csv, hdf5 };

Format format_of(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".csv") return Format::csv;
  if (extension == ".h5" || extension == ".hdf5") return Format::hdf5;
  const std::string found = extension.empty() ? "no file extension" : "unknown file extension '" + extension + "'";
  throw InputError(path, found + " (expected .csv, .h5 or .hdf5)");
}

}  // namespace

Dataset read_table(const std::filesystem::path& path) {
  return with_memory_context("reading " + path.string(),
                             [&] { return format_of(path) == Format::csv ? read_csv(path) : read_hdf5(path); });
}

void write_table(const Dataset& dataset, const std::filesystem::path& path) {
  with_memory_context("writing " + path.string(), [&] {
    if (format_of(path) == Format::csv) {
      write_csv(dataset, path);
    } else {
      write_hdf5(dataset, path);
    }
  });
}

}  // namespace topae::data
