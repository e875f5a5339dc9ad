#include "topae/analysis/model_seams.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <numeric>

#include "topae/analysis/score_table.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/core/error.hpp"

namespace topae::analysis {

namespace {

constexpr const char* kAddedColumns[] = {kSeamRowColumn, kSeamErrorColumn, kSeamScoreColumn, kOnSeamColumn};

// The named columns of `input` at `rows`; InputError naming `source` if a name is no column.
Table gather(const data::Dataset& input, const std::vector<std::string>& names, const std::vector<Index>& rows,
             const std::string& source) {
  const Table all = input.select(names, source);
  return all(rows, Eigen::all);
}

}  // namespace

ModelSeams model_seams(const nn::Model& model, const data::Dataset& input, std::vector<Index> rows,
                       std::vector<std::string> columns, const topology::SeamSettings& settings,
                       const std::string& source, const std::string& model_source) {
  ModelSeams out;
  if (rows.empty()) {
    rows.resize(static_cast<std::size_t>(input.n_events()));
    std::iota(rows.begin(), rows.end(), Index{0});
  }
  out.rows = std::move(rows);
  out.columns = columns.empty() ? model.columns : std::move(columns);
  const Table features = gather(input, model.columns, out.rows, source);
  out.raw = gather(input, out.columns, out.rows, source);
  out.scores = model.score(features);
  check_scores_finite(out.scores, source, model_source, out.rows);
  const Table inputs = model.standardizer.standardize(features);
  const Table reconstruction = model.standardizer.standardize(out.scores.reconstruction);
  const double top = quantile(out.scores.error, settings.top_error_quantile);
  try {
    out.seams = topology::find_seams(
        {inputs, out.scores.latent, reconstruction, out.scores.error, out.raw, out.columns, top, out.rows}, settings);
  } catch (const InputError& e) {
    throw InputError(source, fmt::format("{} (events are numbered from 0 in the file's order; the model's columns: {})",
                                         e.what(), fmt::join(model.columns, ",")));
  }
  return out;
}

data::Dataset seam_events_table(const data::Dataset& input, const ModelSeams& s, const std::string& source) {
  for (const char* name : kAddedColumns)
    if (input.column_index(name) >= 0)
      throw InputError(source, fmt::format("has a column '{}', which the events table adds: rename it", name));
  data::Dataset out;
  out.columns = input.columns;
  for (const char* name : kAddedColumns) out.columns.push_back(name);
  out.truth = input.truth;
  out.truth.push_back(kSeamRowColumn);
  const Index n = static_cast<Index>(s.rows.size()), width = static_cast<Index>(input.columns.size());
  out.values.resize(n, width + 4);
  out.values.leftCols(width) = input.values(s.rows, Eigen::all);
  for (Index r = 0; r < n; ++r) {
    out.values(r, width) = static_cast<double>(s.rows[static_cast<std::size_t>(r)]);
    out.values(r, width + 1) = s.scores.error(r);
    out.values(r, width + 2) = s.seams.seam_score(r);
    out.values(r, width + 3) = s.seams.on_seam[static_cast<std::size_t>(r)];
  }
  if (input.label) out.label = (*input.label)(s.rows).eval();
  if (input.weight) out.weight = (*input.weight)(s.rows).eval();
  out.check(source);
  return out;
}

}  // namespace topae::analysis
