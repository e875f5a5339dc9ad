// The table formats by file extension, and whole tables written through TableWriter.
#include "topae/data/table_io.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include "table_source.hpp"
#include "topae/core/error.hpp"
#include "topae/core/memory.hpp"

namespace topae::data {

TableFormat table_format(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".csv") return TableFormat::csv;
  if (extension == ".h5" || extension == ".hdf5") return TableFormat::hdf5;
  const std::string found = extension.empty() ? "no file extension" : "unknown file extension '" + extension + "'";
  throw InputError(path, found + " (expected .csv, .h5 or .hdf5)");
}

bool is_label_value(double v) {
  return v == std::floor(v) && v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max();
}

void write_table(const Dataset& dataset, const std::filesystem::path& path, const WriteOptions& options) {
  with_memory_context("writing " + path.string(), [&] {
    // The writer checks what check_storable would, as it goes: the names, the values, the events.
    TableWriter writer(path, TableSchema::of(dataset), options);
    writer.append(dataset);
    writer.commit();
  });
}

}  // namespace topae::data
