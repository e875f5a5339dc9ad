#pragma once
// The table formats behind data::TableReader and data::TableWriter (docs/formats.md): a
// source reads a file's rows chunk by chunk as they are stored, NaN included (the reader
// applies --nan, --where and the rest); a sink writes chunks and finishes the file.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/data/table_writer.hpp"

namespace topae::data {

// By the file's extension, in any case: .csv, or .h5 and .hdf5; InputError naming the file otherwise.
enum class TableFormat { csv, hdf5 };
TableFormat table_format(const std::filesystem::path& path);

// Whether a stored number can be a label: an integer in the range of int (integral floats,
// numpy's default dtype and numpy.savetxt's "1.000000000000000000e+00", are accepted).
bool is_label_value(double v);

class TableSource {
 public:
  virtual ~TableSource() = default;

  // The columns as stored (truth, label, weight). A file's reserved columns "label" and
  // "weight" are the label and weight, wherever they stand.
  const TableSchema& schema() const { return schema_; }
  // Columns that cannot be read as numbers, each with why ("strings"): an error unless the
  // reader was told to leave them out.
  const std::vector<std::pair<std::string, std::string>>& unreadable() const { return unreadable_; }
  // The rows the file holds, where it says (HDF5); none for CSV.
  virtual std::optional<Index> rows() const { return std::nullopt; }
  // Reads the next rows, at most `max_rows`, into `chunk` (the schema's columns; values may
  // be NaN, labels are integers); returns how many, 0 at the end. Throws InputError naming the
  // file and the place of anything malformed; a file without a single row is an error.
  virtual Index read(Index max_rows, Dataset& chunk) = 0;
  // Throws InputError naming the file, row `row` of the last chunk (by the file's convention:
  // "FILE:LINE: column 'C': WHAT" for CSV, "FILE: row R, column 'C': WHAT" for HDF5, R from 0)
  // and `column`.
  [[noreturn]] virtual void fail(Index row, const std::string& column, const std::string& what) const = 0;

 protected:
  TableSchema schema_;
  std::vector<std::pair<std::string, std::string>> unreadable_;
};

class TableSink {
 public:
  virtual ~TableSink() = default;
  // `chunk` has the sink's schema and finite values (TableWriter checks).
  virtual void append(const Dataset& chunk) = 0;
  // Flushes and closes the file; a failure throws InputError naming the file.
  virtual void finish() = 0;
};

// `path` names the file in messages.
std::unique_ptr<TableSource> open_csv(const std::filesystem::path& path);
// `key`: "" for the table at the root (/data) or, failing that, the file's only pandas frame;
// else a group holding a table (data, label, weight) or a pandas frame written by
// DataFrame.to_hdf(key=...), fixed or table format.
std::unique_ptr<TableSource> open_hdf5(const std::filesystem::path& path, const std::string& key);

// Writes to `temp` (the AtomicFile's temporary); `path` names the target in messages.
std::unique_ptr<TableSink> create_csv(const std::filesystem::path& temp, const std::filesystem::path& path,
                                      const TableSchema& schema);
std::unique_ptr<TableSink> create_hdf5(const std::filesystem::path& temp, const std::filesystem::path& path,
                                       const TableSchema& schema, const WriteOptions& options);

}  // namespace topae::data
