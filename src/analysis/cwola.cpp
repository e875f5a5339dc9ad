#include "topae/analysis/cwola.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/nn/folds.hpp"

namespace topae::analysis {

Cwola::Cwola(const CwolaSpec& spec, const Table& features, const std::vector<bool>& in_signal_region) {
  const Index n = features.rows(), d = features.cols();
  const auto in_sr = static_cast<Index>(std::count(in_signal_region.begin(), in_signal_region.end(), true));
  if (static_cast<Index>(in_signal_region.size()) != n) throw Error("internal: CWoLa labels and features differ in length");
  if (in_sr < spec.folds || n - in_sr < spec.folds)
    throw InputError(fmt::format("CWoLa needs at least {} events in the signal region and in the side-bands, got {} and {}",
                                 spec.folds, in_sr, n - in_sr));
  std::vector<std::string> columns;
  for (Index j = 0; j < d; ++j) columns.push_back(fmt::format("feature_{}", j));
  const auto folds = nn::Folds::of(features, columns, spec.folds, spec.seed);
  standardizer_ = data::Standardizer::fit(features);
  // The features standardized, then the label row (nn/network.hpp).
  MatrixXf x(d + 1, n);
  x.topRows(d) = standardizer_.transform(features);
  for (Index i = 0; i < n; ++i) x(d, i) = in_signal_region[static_cast<std::size_t>(i)] ? 1.0f : 0.0f;

  nn::ClassifierSpec classifier;
  classifier.input_dim = d;
  classifier.hidden = spec.hidden;
  for (int f = 0; f < spec.folds; ++f) members_.emplace_back(classifier, named_seed(spec.seed, fmt::format("member{}", f)));
  out_of_fold_.resize(n);
#pragma omp parallel for schedule(dynamic, 1)
  for (int f = 0; f < spec.folds; ++f) {
    nn::TrainerSpec trainer = spec.trainer;
    trainer.seed = named_seed(spec.seed, fmt::format("trainer{}", f));
    trainer.threads = 1;
    const auto outside = folds.rows_outside(f), inside = folds.rows_in(f);
    auto& member = members_[static_cast<std::size_t>(f)];
    nn::Trainer(trainer, member).fit(x(Eigen::all, outside));
    const VectorXf z = member.logits(x(Eigen::seqN(0, d), inside));
    for (std::size_t i = 0; i < inside.size(); ++i) out_of_fold_[inside[i]] = z[static_cast<Index>(i)];
  }
}

Eigen::VectorXd Cwola::score(const Table& features) const {
  const MatrixXf x = standardizer_.transform(features);
  const auto k = static_cast<Index>(members_.size());
  Eigen::VectorXd out(x.cols());
  for (Index f = 0; f < k; ++f) {
    std::vector<Index> rows;
    for (Index i = f; i < x.cols(); i += k) rows.push_back(i);
    const VectorXf z = members_[static_cast<std::size_t>(f)].logits(x(Eigen::all, rows));
    for (std::size_t i = 0; i < rows.size(); ++i) out[rows[i]] = z[static_cast<Index>(i)];
  }
  return out;
}

}  // namespace topae::analysis
