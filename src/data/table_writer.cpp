#include "topae/data/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "table_source.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"

namespace topae::data {

TableSchema TableSchema::of(const Dataset& dataset) {
  return {dataset.columns, dataset.truth, dataset.label.has_value(), dataset.weight.has_value()};
}

void TableSchema::check(const Dataset& dataset, const std::string& source) const {
  if (dataset.columns != columns || dataset.truth != truth || dataset.label.has_value() != label ||
      dataset.weight.has_value() != weight) {
    throw InputError(source, "a chunk's columns, truth, label or weight differ from the table's");
  }
  dataset.check(source);
}

struct TableWriter::Impl {
  std::filesystem::path path;
  TableSchema schema;
  AtomicFile file;
  std::unique_ptr<TableSink> sink;
  Index written = 0;

  Impl(const std::filesystem::path& p, TableSchema s, const WriteOptions& options, TableFormat format)
      : path(p),
        schema(std::move(s)),
        // HDF5 cannot create a file through /proc/self/fd, so its temporary has a name.
        file(p, format == TableFormat::hdf5 ? AtomicFile::Temporary::named : AtomicFile::Temporary::anonymous_if_possible) {
    Dataset empty;
    empty.columns = schema.columns;
    empty.truth = schema.truth;
    empty.values.resize(0, static_cast<Index>(schema.columns.size()));
    empty.check(path.string());
    if (schema.columns.empty()) throw InputError(path, "no columns");
    if (!(options.gzip_level >= 1 && options.gzip_level <= 9))
      throw InputError(path, fmt::format("gzip level {} must lie in 1..9", options.gzip_level));
    sink = format == TableFormat::csv ? create_csv(file.temp_path(), path, schema)
                                      : create_hdf5(file.temp_path(), path, schema, options);
  }
};

double minimum_table_bytes(const std::filesystem::path& path, const WriteOptions& options, Index rows, Index columns) {
  const double per_value = table_format(path) == TableFormat::csv ? 2 : options.compression == Compression::none ? 8 : 0;
  return per_value * static_cast<double>(rows) * static_cast<double>(columns);
}

TableWriter::TableWriter(const std::filesystem::path& path, TableSchema schema, WriteOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(schema), options, table_format(path))) {}

TableWriter::~TableWriter() = default;

void TableWriter::append(const Dataset& chunk) {
  impl_->schema.check(chunk, impl_->path.string());
  // Every file written is readable: no NaN or infinity goes in.
  chunk.check_finite(impl_->path.string(), impl_->written);
  impl_->sink->append(chunk);
  impl_->written += chunk.n_events();
}

const TableSchema& TableWriter::schema() const { return impl_->schema; }

Index TableWriter::rows_written() const { return impl_->written; }

void TableWriter::commit() {
  if (impl_->written == 0) throw InputError(impl_->path, "no events");
  impl_->sink->finish();
  impl_->file.commit();
}

}  // namespace topae::data
