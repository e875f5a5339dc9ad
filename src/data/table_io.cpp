// The table formats by file extension, and whole tables written through TableWriter.
#include "topae/data/table_io.hpp"

#include <algorithm>
#include <cctype>
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

void write_table(const Dataset& dataset, const std::filesystem::path& path, const WriteOptions& options) {
  with_memory_context("writing " + path.string(), [&] {
    dataset.check_storable(path.string());
    TableWriter writer(path, TableSchema::of(dataset), options);
    writer.append(dataset);
    writer.commit();
  });
}

}  // namespace topae::data
