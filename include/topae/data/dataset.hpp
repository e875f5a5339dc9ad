#pragma once
// Dataset: a table of events (one row each) with named columns, and optional per-event
// label (0 background, 1 signal) and weight.
//
// Some columns describe an event without being features: a generator's intrinsic
// coordinates (the circle's angle theta), truth information. They are listed in `truth`,
// kept in the table so that errors can be plotted against them, and left out of the
// default feature set.
#include <optional>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::data {

struct Dataset {
  std::vector<std::string> columns;  // one name per column of `values`
  Table values;                      // n_events x columns.size()
  std::vector<std::string> truth;    // names of non-feature columns, a subset of `columns`
  std::optional<Eigen::VectorXi> label;   // n_events
  std::optional<Eigen::VectorXd> weight;  // n_events

  Index n_events() const { return values.rows(); }
  // Position of `name` in `columns`, or -1.
  int column_index(const std::string& name) const;
  bool is_truth(const std::string& name) const;
  // The columns that are features by default: every column not listed in `truth`.
  std::vector<std::string> feature_columns() const;
  // The named columns as an n_events x names.size() table; throws InputError naming
  // `source` (a file name, for the message) if a name is not a column.
  Table select(const std::vector<std::string>& names, const std::string& source) const;
  // The events at `rows` (in that order, repeats allowed), with their labels and weights.
  // The caller passes valid row indices.
  Dataset select_rows(const std::vector<Index>& rows) const;
  // Throws InputError naming `source` if the shapes of the members disagree: one unique,
  // non-empty name per column, `truth` a subset of `columns`, label and weight of length
  // n_events. "label" and "weight" are reserved (they name the label and weight in a CSV
  // header), so they are not allowed as column names.
  void check(const std::string& source) const;
  // Throws InputError naming `source` unless the dataset can be stored in a table file and
  // read back: check() passes, there is at least one event and one column, and every value
  // and weight is finite. Readers and writers call it, so every file written is readable.
  void check_storable(const std::string& source) const;
  // Throws InputError naming `source` and the row (first_row + i, 0-based) of the first value
  // or weight that is not finite.
  void check_finite(const std::string& source, Index first_row = 0) const;
};

}  // namespace topae::data
