#include "topae/analysis/score_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

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

// The columns a score table carries over from its input: the truth columns, then `keep`.
std::vector<std::string> carried_columns(const data::Dataset& input, const std::vector<std::string>& keep) {
  std::vector<std::string> carried = input.truth;
  for (const auto& name : keep)
    if (std::find(carried.begin(), carried.end(), name) == carried.end()) carried.push_back(name);
  return carried;
}

// The scores' columns, then the carried columns, the input's label and weight.
data::Dataset with_carried_columns(std::vector<std::string> names, Table values, const data::Dataset& input,
                                   const std::vector<std::string>& keep, const std::string& source) {
  const std::vector<std::string> carried = carried_columns(input, keep);
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

// Events per block: as nn's evaluation chunks (large enough for efficient GEMMs, small enough
// that a block's layers stay in cache), so the numbers are those of Model::score.
constexpr Index kBlock = 1024;

}  // namespace

// The arithmetic of nn::Model::score, block by block: the same expressions on the same
// chunks of events, so the numbers are the same, without its whole-table intermediates.
struct ModelScorer::Impl {
  const nn::Model& model;
  std::vector<std::string> keep;
  std::string source, model_source;
  std::vector<std::string> score_names;
  nn::Workspace ws;
  MatrixXf x;                          // standardized inputs, D x block
  Eigen::MatrixXd raw, features;       // reconstruction and input in raw units, D x block
  Eigen::VectorXd error, distance;     // per event of the block
  data::Dataset out;

  // Scores rows [begin, begin + n) of `in` (model column j at in's column cols[j]) into the
  // same rows of out.values, columns 0 .. 1 + k + D.
  void score_block(const Table& in, const std::vector<Index>& cols, Index begin, Index n) {
    const Index d = static_cast<Index>(cols.size());
    const auto& mean = model.standardizer.mean();
    const auto& sd = model.standardizer.std();
    features.resize(d, n);
    for (Index i = 0; i < n; ++i) {
      const double* row = in.row(begin + i).data();
      for (Index j = 0; j < d; ++j) features(j, i) = row[cols[static_cast<std::size_t>(j)]];
    }
    // As Standardizer::transform, in vectors: a division's result does not depend on the width.
    x = ((features.array().colwise() - mean.array()).colwise() / sd.array()).cast<float>().matrix();
    model.autoencoder.forward(x, ws);
    const MatrixXf& rec = ws.decoder_acts.back();
    const MatrixXf& latent = ws.latent;
    error = (rec - x).colwise().squaredNorm().cast<double>().transpose();
    raw = model.standardizer.inverse(rec);
    distance = (raw - features).colwise().norm().transpose();
    if (!error.allFinite() || !latent.allFinite() || !raw.allFinite()) {
      for (Index i = 0; i < n; ++i)
        if (!std::isfinite(error(i)) || !latent.col(i).allFinite() || !raw.col(i).allFinite())
          throw not_finite(model_source, begin + i, source);
    }
    const Index k = latent.rows();
    for (Index i = 0; i < n; ++i) {
      double* o = out.values.row(begin + i).data();
      o[0] = error(i);
      o[1] = distance(i);
      for (Index j = 0; j < k; ++j) o[2 + j] = static_cast<double>(latent(j, i));
      for (Index j = 0; j < d; ++j) o[2 + k + j] = raw(j, i);
    }
  }
};

ModelScorer::ModelScorer(const nn::Model& model, std::vector<std::string> keep, std::string source,
                         std::string model_source)
    : impl_(std::make_unique<Impl>(Impl{model, std::move(keep), std::move(source), std::move(model_source),
                                        model_score_columns(model), {}, {}, {}, {}, {}, {}, {}})) {}

ModelScorer::~ModelScorer() = default;

const data::Dataset& ModelScorer::score(const data::Dataset& input) {
  Impl& s = *impl_;
  const auto indices = [&](const std::vector<std::string>& names) {
    std::vector<Index> found;
    for (const auto& name : names) {
      const int j = input.column_index(name);
      if (j < 0) (void)input.select({name}, s.source);  // throws: no such column (its message)
      found.push_back(j);
    }
    return found;
  };
  const std::vector<Index> cols = indices(s.model.columns);
  const std::vector<std::string> carried = carried_columns(input, s.keep);
  const std::vector<Index> carried_cols = indices(carried);

  data::Dataset& out = s.out;
  out.columns = s.score_names;
  out.columns.insert(out.columns.end(), carried.begin(), carried.end());
  out.truth = input.truth;
  const Index n = input.n_events(), n_scores = static_cast<Index>(s.score_names.size());
  out.values.resize(n, static_cast<Index>(out.columns.size()));  // keeps its buffer at the same size
  for (Index begin = 0; begin < n; begin += kBlock) s.score_block(input.values, cols, begin, std::min(kBlock, n - begin));
  for (std::size_t c = 0; c < carried_cols.size(); ++c)
    out.values.col(n_scores + static_cast<Index>(c)) = input.values.col(carried_cols[c]);
  out.label = input.label;
  out.weight = input.weight;
  out.check(s.source);  // a carried column may clash with an output name
  return out;
}

data::Dataset score_table(const nn::Model& model, const data::Dataset& input, const std::vector<std::string>& keep,
                          const std::string& source, const std::string& model_source) {
  return ModelScorer(model, keep, source, model_source).score(input);
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
