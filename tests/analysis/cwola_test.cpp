// CWoLa and the density score on a toy with a known answer: a mass m uniform in [0, 300) and
// a feature u uniform in [-1, 1) for background, independent of m; the signal sits at m in
// [90, 110) with u ~ N(0.5, 0.1). In the SR [75, 125) both scores must find the signal; on
// background alone the held-out scores must not tell SR from side-bands (their in-sample
// scores do, which is why the held-out ones exist).
#include <gtest/gtest.h>

#include <cmath>

#include "topae/analysis/cwola.hpp"
#include "topae/analysis/density_ratio.hpp"
#include "topae/analysis/roc.hpp"
#include "topae/analysis/signal_region.hpp"
#include "topae/core/rng.hpp"

namespace topae::analysis {
namespace {

struct Toy {
  Table u;                      // n x 2: the feature, and a second one that is noise for both
  std::vector<bool> in_sr;      // for the events in SR or side-bands
  std::vector<bool> is_signal;
};

// Events in the SR [75, 125) and side-bands [25, 75), [125, 175) only.
Toy toy(Index background, Index signal, std::uint64_t seed) {
  const SignalRegion region{100, 50};
  RandomStream rng(seed, 0);
  std::vector<std::array<double, 3>> rows;  // m, u, v
  std::vector<bool> sig;
  for (Index i = 0; i < background + signal; ++i) {
    const bool s = i >= background;
    const double m = s ? 90 + 20 * rng.uniform() : 300 * rng.uniform();
    if (!region.in_signal_region(m) && !region.in_sidebands(m)) continue;
    rows.push_back({m, s ? 0.5 + 0.1 * rng.normal() : 2 * rng.uniform() - 1, 2 * rng.uniform() - 1});
    sig.push_back(s);
  }
  Toy t;
  t.u.resize(static_cast<Index>(rows.size()), 2);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    t.u(static_cast<Index>(i), 0) = rows[i][1];
    t.u(static_cast<Index>(i), 1) = rows[i][2];
    t.in_sr.push_back(region.in_signal_region(rows[i][0]));
  }
  t.is_signal = sig;
  return t;
}

// The AUC of `score` for signal against background among the SR's events.
double auc_in_signal_region(const Toy& t, const Eigen::VectorXd& score) {
  std::vector<double> s, b;
  for (std::size_t i = 0; i < t.in_sr.size(); ++i)
    if (t.in_sr[i]) (t.is_signal[i] ? s : b).push_back(score[static_cast<Index>(i)]);
  return two_sample_roc(Eigen::Map<Eigen::VectorXd>(b.data(), static_cast<Index>(b.size())),
                        Eigen::Map<Eigen::VectorXd>(s.data(), static_cast<Index>(s.size())))
      .auc();
}

// The AUC of `score` for SR against side-band events, with DeLong's error.
std::pair<double, double> auc_sr_against_sidebands(const Toy& t, const Eigen::VectorXd& score) {
  std::vector<double> sr, sb;
  for (std::size_t i = 0; i < t.in_sr.size(); ++i) (t.in_sr[i] ? sr : sb).push_back(score[static_cast<Index>(i)]);
  const auto roc = two_sample_roc(Eigen::Map<Eigen::VectorXd>(sb.data(), static_cast<Index>(sb.size())),
                                  Eigen::Map<Eigen::VectorXd>(sr.data(), static_cast<Index>(sr.size())));
  return {roc.auc(), roc.auc_error()};
}

TEST(Cwola, FindsTheSignalInTheSignalRegion) {
  const Toy t = toy(6000, 300, 1);
  const Cwola cwola(CwolaSpec{}, t.u, t.in_sr);
  // Ideal: u alone separates N(0.5, 0.1) from uniform almost completely (AUC ~ 0.9); 0.75 leaves
  // room for what 300 signal events among 1000 background let a classifier learn.
  EXPECT_GT(auc_in_signal_region(t, cwola.out_of_fold()), 0.75);
  const DensityRatio density(t.u, t.in_sr);
  EXPECT_GT(auc_in_signal_region(t, density.training_scores()), 0.75);
}

TEST(Cwola, HeldOutScoresOfBackgroundDoNotTellTheRegionsApart) {
  const Toy t = toy(1200, 0, 2);
  // A classifier free to overfit: wide, long, no early stopping.
  CwolaSpec spec;
  spec.hidden = {64, 64};
  spec.trainer.epochs = 300;
  spec.trainer.early_stopping = 0;
  spec.trainer.validation_fraction = 0;
  spec.trainer.batch = 32;
  const Cwola cwola(spec, t.u, t.in_sr);
  const auto [held_out, held_out_error] = auc_sr_against_sidebands(t, cwola.out_of_fold());
  EXPECT_LT(std::abs(held_out - 0.5), 4 * held_out_error) << "out-of-fold AUC " << held_out;
  // The same events by members that trained on most of them: the overfit shows.
  const auto [in_sample, in_sample_error] = auc_sr_against_sidebands(t, cwola.score(t.u));
  EXPECT_GT(in_sample - 0.5, 4 * in_sample_error) << "in-sample AUC " << in_sample;

  const DensityRatio density(t.u, t.in_sr);
  const auto [loo, loo_error] = auc_sr_against_sidebands(t, density.training_scores());
  EXPECT_LT(std::abs(loo - 0.5), 4 * loo_error) << "leave-one-out AUC " << loo;
  const auto [with_self, with_self_error] = auc_sr_against_sidebands(t, density.score(t.u));
  EXPECT_GT(with_self - 0.5, 4 * with_self_error) << "own-kernel AUC " << with_self;
}

}  // namespace
}  // namespace topae::analysis
