#include "topae/data/dataset.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "topae/core/error.hpp"
#include "topae/core/finite.hpp"

namespace topae::data {

int Dataset::column_index(const std::string& name) const {
  const auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

bool Dataset::is_truth(const std::string& name) const {
  return std::find(truth.begin(), truth.end(), name) != truth.end();
}

std::vector<std::string> Dataset::feature_columns() const {
  std::vector<std::string> features;
  for (const auto& name : columns) {
    if (!is_truth(name)) features.push_back(name);
  }
  return features;
}

Dataset Dataset::select_rows(const std::vector<Index>& rows) const {
  Dataset out;
  out.columns = columns;
  out.truth = truth;
  out.values = values(rows, Eigen::all);
  if (label) out.label = Eigen::VectorXi((*label)(rows));
  if (weight) out.weight = Eigen::VectorXd((*weight)(rows));
  return out;
}

Table Dataset::select(const std::vector<std::string>& names, const std::string& source) const {
  std::vector<Index> indices;
  indices.reserve(names.size());
  for (const auto& name : names) {
    const int j = column_index(name);
    if (j < 0) {
      throw InputError(source, fmt::format("no column '{}' (columns: {})", name, fmt::join(columns, ", ")));
    }
    indices.push_back(j);
  }
  Table selected(values.rows(), static_cast<Index>(names.size()));
  for (Index k = 0; k < selected.cols(); ++k) selected.col(k) = values.col(indices[k]);
  return selected;
}

void Dataset::check(const std::string& source) const {
  if (static_cast<Index>(columns.size()) != values.cols()) {
    throw InputError(source, fmt::format("{} column names for {} columns of values", columns.size(), values.cols()));
  }
  std::unordered_set<std::string> seen;
  for (const auto& name : columns) {
    if (name.empty()) throw InputError(source, "empty column name");
    if (name == "label" || name == "weight") {
      throw InputError(source, fmt::format("column name '{}' is reserved for the per-event {}", name, name));
    }
    if (!seen.insert(name).second) throw InputError(source, fmt::format("duplicate column name '{}'", name));
  }
  std::unordered_set<std::string> seen_truth;
  for (const auto& name : truth) {
    if (column_index(name) < 0) throw InputError(source, fmt::format("truth column '{}' is not a column", name));
    if (!seen_truth.insert(name).second) throw InputError(source, fmt::format("truth column '{}' listed twice", name));
  }
  if (label && label->size() != n_events()) {
    throw InputError(source, fmt::format("{} labels for {} events", label->size(), n_events()));
  }
  if (weight && weight->size() != n_events()) {
    throw InputError(source, fmt::format("{} weights for {} events", weight->size(), n_events()));
  }
}

void Dataset::check_storable(const std::string& source) const {
  check(source);
  if (n_events() == 0) throw InputError(source, "no events");
  if (columns.empty()) throw InputError(source, "no columns");
  check_finite(source);
}

void Dataset::check_finite(const std::string& source, Index first_row) const {
  // One vectorized pass first: the loop below, which finds the first bad value, only when
  // there is one.
  if (all_finite(values.data(), values.size()) && (!weight || all_finite(weight->data(), weight->size()))) return;
  // Report the first bad value by position; row indices are 0-based, as in numpy.
  for (Index i = 0; i < values.rows(); ++i) {
    for (Index j = 0; j < values.cols(); ++j) {
      if (!std::isfinite(values(i, j))) {
        throw InputError(source,
                         fmt::format("row {}, column '{}': not finite: {}", first_row + i, columns[j], values(i, j)));
      }
    }
    if (weight && !std::isfinite((*weight)(i)))
      throw InputError(source, fmt::format("row {}, weight: not finite: {}", first_row + i, (*weight)(i)));
  }
}

}  // namespace topae::data
