#pragma once
// TableReader: a table file (CSV, HDF5 in topae's layout, or a pandas frame; docs/formats.md)
// read chunk by chunk with the user's selection applied as it is read, so that memory does
// not grow with the file. In this order, per event:
//   --nan      a missing value (NaN, or an empty field in CSV) in a column that is kept or that
//              --where reads: an error naming the column and the row (fail, the default), or
//              the event is left out (drop). Infinity is always an error;
//   --where    the events for which the expression holds (expression.hpp);
//   --max-events  the first N events that pass;
// and per column: --exclude leaves columns out (--where may still read them).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/data/table_writer.hpp"

namespace topae::data {

enum class NanPolicy { fail, drop };

struct ReadOptions {
  std::string key = {};              // --key: the HDF5 table (a pandas key, a group); "" the default
  std::vector<std::string> exclude = {};  // --exclude: columns left out ("label", "weight" too)
  std::string where = {};            // --where: an expression; "" keeps every event
  NanPolicy nan = NanPolicy::fail;   // --nan
  Index max_events = 0;              // --max-events: at most this many events (0: all)

  // "key 'df', where 'mjj > 3300', NaN dropped, at most 1000 events, without mjj"; "" for the defaults.
  std::string description() const;
};

class TableReader {
 public:
  // Values per chunk unless asked otherwise: 2^20 doubles, 8 MiB, whatever the width.
  static constexpr Index kChunkValues = Index{1} << 20;

  // Opens `path` and checks the options against its columns: an --exclude or --where name the
  // file does not have, a --where that does not parse, a column that cannot be read as numbers
  // and is not excluded. Throws InputError naming the file or the flag.
  TableReader(const std::filesystem::path& path, ReadOptions options = {});
  TableReader(TableReader&&) noexcept;
  ~TableReader();

  const std::filesystem::path& path() const;
  // The events' columns after --exclude, truth, label and weight.
  const TableSchema& schema() const;
  // The rows the file holds, where it says so (HDF5).
  std::optional<Index> file_rows() const;
  // Events per chunk: kChunkValues over the file's columns, at least 1 and at most 65 536.
  Index chunk_rows() const;
  // The next events that pass, at most `max_rows` (0: chunk_rows(); fewer at the end of the
  // file); false when none are left. Throws InputError naming the file and the place of
  // anything malformed.
  bool next(Dataset& chunk, Index max_rows = 0);

  Index rows_read() const;       // from the file
  Index rows_with_nan() const;   // left out by --nan drop
  Index rows_failing_where() const;
  Index rows_kept() const;
  // "1000 events read, 12 with NaN dropped, 488 failing --where: 500 kept"
  std::string summary() const;

  struct Impl;  // table_reader.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace topae::data
