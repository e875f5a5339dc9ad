#pragma once
// TableWriter: writes a table (docs/formats.md) chunk by chunk, as CSV or HDF5 by the file's
// extension, so that memory does not grow with the number of events. The file appears at its
// path only on commit(), atomically (core/atomic_file.hpp); a writer destroyed without commit
// (an error, Ctrl-C) leaves nothing, and an existing file stays untouched.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"

namespace topae::data {

// What every chunk of a table has: its columns, which of them are truth, and whether each
// event carries a label and a weight.
struct TableSchema {
  std::vector<std::string> columns;
  std::vector<std::string> truth;
  bool label = false;
  bool weight = false;

  // The schema of `dataset` (its columns, truth, and whether label and weight are present).
  static TableSchema of(const Dataset& dataset);
  // Throws InputError naming `source` unless `dataset` has exactly this schema.
  void check(const Dataset& dataset, const std::string& source) const;
};

// HDF5 storage: the tables are chunked by rows, and compressed with shuffle + deflate when
// asked; CSV ignores it. Off by default: full-precision doubles shrink by about 10 % for
// several times the write time (bench/README.md, "Tables at any size").
enum class Compression { none, gzip };
struct WriteOptions {
  Compression compression = Compression::none;
  int gzip_level = 1;  // 1 to 9: 1 is the fastest, and nearly as small as 9
};

// The fewest bytes a table of rows x columns values takes at `path`, by its format: 8 a value
// in uncompressed HDF5, 2 in CSV ("0,"), none compressed (no useful bound); for a check of
// the disk before long work. Throws InputError naming the path unless it is .csv or .h5.
double minimum_table_bytes(const std::filesystem::path& path, const WriteOptions& options, Index rows, Index columns);

class TableWriter {
 public:
  // Checks the path (core/atomic_file.hpp's rules) and the schema (unique, storable names;
  // truth a subset of columns) before anything is written; throws InputError naming the path.
  TableWriter(const std::filesystem::path& path, TableSchema schema, WriteOptions options = {});
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  ~TableWriter();

  // Appends the events of `chunk`, which must have the writer's schema and finite values and
  // weights (InputError naming the path otherwise). An empty chunk is allowed.
  void append(const Dataset& chunk);
  Index rows_written() const;
  const TableSchema& schema() const;
  // Puts the file in place. A table has at least one event: with none written, throws
  // InputError naming the path and leaves nothing.
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace topae::data
