#include "topae/analysis/score_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "topae/core/error.hpp"

namespace topae::analysis {

std::string latent_column(Index i) { return "z_" + std::to_string(i); }

std::vector<std::string> latent_columns(Index k) {
  std::vector<std::string> names;
  for (Index i = 1; i <= k; ++i) names.push_back(latent_column(i));
  return names;
}

std::string reconstruction_column(const std::string& column) { return "rec_" + column; }

std::string member_error_column(std::uint64_t seed) { return "error_s" + std::to_string(seed); }

std::vector<std::string> reconstruction_columns(const std::vector<std::string>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(reconstruction_column(c));
  return names;
}

namespace {

InputError not_finite(const std::string& model_source, Index event, const std::string& source) {
  return InputError(model_source, fmt::format("gives a score that is not finite for event {} (0-based) of {}: its "
                                              "weights overflow on this input",
                                              event, source));
}

}  // namespace

void check_scores_finite(const nn::Scores& scores, const std::string& source, const std::string& model_source,
                         const std::vector<Index>& rows) {
  for (Index i = 0; i < scores.error.size(); ++i) {
    if (!std::isfinite(scores.error(i)) || !scores.latent.row(i).allFinite() || !scores.reconstruction.row(i).allFinite())
      throw not_finite(model_source, rows.empty() ? i : rows[static_cast<std::size_t>(i)], source);
  }
}

namespace {

// The scores' columns, then the input's truth columns and `keep`, its label and weight.
data::Dataset with_carried_columns(std::vector<std::string> names, Table values, const data::Dataset& input,
                                   const std::vector<std::string>& keep, const std::string& source) {
  std::vector<std::string> carried = input.truth;
  for (const auto& name : keep)
    if (std::find(carried.begin(), carried.end(), name) == carried.end()) carried.push_back(name);
  data::Dataset out;
  out.columns = std::move(names);
  out.columns.insert(out.columns.end(), carried.begin(), carried.end());
  out.truth = input.truth;
  out.values.resize(input.n_events(), static_cast<Index>(out.columns.size()));
  out.values.leftCols(values.cols()) = values;
  out.values.rightCols(static_cast<Index>(carried.size())) = input.select(carried, source);
  out.label = input.label;
  out.weight = input.weight;
  out.check(source);  // a carried column may clash with an output name
  return out;
}

}  // namespace

namespace {

// A single model's columns: error, distance, z_1..z_k, rec_<column>.
std::vector<std::string> model_score_columns(const nn::Model& model) {
  std::vector<std::string> names = {error_column, distance_column};
  for (const auto& z : latent_columns(model.autoencoder.code_dim())) names.push_back(z);
  for (const auto& c : model.columns) names.push_back(reconstruction_column(c));
  return names;
}

// The scores in those columns.
Table model_score_values(const nn::Scores& scores) {
  const Index k = scores.latent.cols(), d = scores.reconstruction.cols();
  Table values(scores.error.size(), 2 + k + d);
  values.col(0) = scores.error;
  values.col(1) = scores.distance;
  values.middleCols(2, k) = scores.latent;
  values.middleCols(2 + k, d) = scores.reconstruction;
  return values;
}

}  // namespace

data::Dataset score_table(const nn::Model& model, const data::Dataset& input, const std::vector<std::string>& keep,
                          const std::string& source, const std::string& model_source) {
  const auto scores = model.score(input.select(model.columns, source));
  check_scores_finite(scores, source, model_source);
  return with_carried_columns(model_score_columns(model), model_score_values(scores), input, keep, source);
}

namespace {

// Event i of x (row i of `input`) scored by member member_of_row[i], in a single model's
// columns, then `fold` (a truth column: the member), then the carried columns.
data::Dataset scores_by_member(const nn::Ensemble& ensemble, const Table& x, const std::vector<int>& member_of_row,
                               const data::Dataset& input, const std::vector<std::string>& keep,
                               const std::string& source, const std::string& model_source) {
  auto names = model_score_columns(ensemble.members.front());
  names.push_back(fold_column);
  Table values(x.rows(), static_cast<Index>(names.size()));
  for (std::size_t f = 0; f < ensemble.members.size(); ++f) {
    std::vector<Index> rows;
    for (std::size_t i = 0; i < member_of_row.size(); ++i)
      if (member_of_row[i] == static_cast<int>(f)) rows.push_back(static_cast<Index>(i));
    const auto scores = ensemble.members[f].score(x(rows, Eigen::all));
    check_scores_finite(scores, source, model_source, rows);
    values(rows, Eigen::seqN(0, values.cols() - 1)) = model_score_values(scores);
    values(rows, values.cols() - 1).setConstant(static_cast<double>(f));
  }
  auto out = with_carried_columns(std::move(names), std::move(values), input, keep, source);
  out.truth.push_back(fold_column);  // which member scored the event: not a feature
  return out;
}

}  // namespace

data::Dataset out_of_fold_score_table(const nn::Ensemble& ensemble, const data::Dataset& input,
                                      const std::vector<std::string>& keep, const std::string& source,
                                      const std::string& model_source) {
  if (!ensemble.folds)
    throw InputError(model_source, "is not a k-fold ensemble (topae train --folds): --out-of-fold needs one");
  const auto& folds = *ensemble.folds;
  const Table x = input.select(ensemble.columns(), source);
  if (x.rows() != folds.data.n_events) {
    throw InputError(source, fmt::format("has {} events, the table the model's folds split had {}: --out-of-fold "
                                         "scores that table only",
                                         x.rows(), folds.data.n_events));
  }
  if (nn::DataFingerprint::of(x, ensemble.columns()).hash != folds.data.hash) {
    throw InputError(source, "is not the table the model's folds split (as many events, other values): "
                             "--out-of-fold scores that table only");
  }
  return scores_by_member(ensemble, x, folds.fold_of_rows(), input, keep, source, model_source);
}

data::Dataset member_per_row_score_table(const nn::Ensemble& ensemble, const data::Dataset& input,
                                         const std::vector<std::string>& keep, const std::string& source,
                                         const std::string& model_source) {
  const Table x = input.select(ensemble.columns(), source);
  const auto k = static_cast<int>(ensemble.members.size());
  std::vector<int> member(static_cast<std::size_t>(x.rows()));
  for (std::size_t i = 0; i < member.size(); ++i) member[i] = static_cast<int>(i % static_cast<std::size_t>(k));
  return scores_by_member(ensemble, x, member, input, keep, source, model_source);
}

data::Dataset ensemble_score_table(const nn::Ensemble& ensemble, const data::Dataset& input,
                                   const std::vector<std::string>& keep, const std::string& source,
                                   const std::string& model_source) {
  const auto s = ensemble.score(input.select(ensemble.columns(), source));
  for (Index i = 0; i < s.member_error.rows(); ++i)
    if (!s.member_error.row(i).allFinite()) throw not_finite(model_source, i, source);
  const Index m = s.member_error.cols();
  std::vector<std::string> names = {error_column, error_min_column, error_mean_column, error_spread_column,
                                    disagreement_column};
  for (const auto seed : ensemble.seeds) names.push_back(member_error_column(seed));
  Table values(input.n_events(), 5 + m);
  values.col(0) = s.median;
  values.col(1) = s.min;
  values.col(2) = s.mean;
  values.col(3) = s.spread;
  values.col(4) = s.disagreement;
  values.rightCols(m) = s.member_error;
  return with_carried_columns(std::move(names), std::move(values), input, keep, source);
}

}  // namespace topae::analysis

namespace topae::analysis {

ScoreSummary summarize_scores(const data::Dataset& scores, const std::string& source) {
  ScoreAccumulator all;
  all.add(scores, source);
  return all.summary();
}

void ScoreAccumulator::add(const data::Dataset& scores, const std::string& source) {
  const auto column = [&](const char* name) {
    const int j = scores.column_index(name);
    if (j < 0) throw InputError(source, fmt::format("no column '{}': not a table of topae score", name));
    return scores.values.col(j);
  };
  const auto error = column(error_column);
  errors_.insert(errors_.end(), error.begin(), error.end());
  if (scores.column_index(distance_column) >= 0 && scores.n_events() > 0) {
    const double largest = column(distance_column).maxCoeff();
    max_distance_ = std::max(max_distance_.value_or(largest), largest);
  }
}

ScoreSummary ScoreAccumulator::summary() const {
  ScoreSummary s;
  s.error = error_quantiles(Eigen::Map<const Eigen::VectorXd>(errors_.data(), static_cast<Index>(errors_.size())));
  s.max_distance = max_distance_;
  return s;
}

}  // namespace topae::analysis
