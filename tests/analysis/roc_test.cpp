#include "topae/analysis/roc.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "topae/analysis/seed_spread.hpp"
#include "topae/core/error.hpp"

namespace topae::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Sample {
  Eigen::VectorXd scores;
  Eigen::VectorXi labels;
  Eigen::VectorXd weights;  // all 1 unless drawn
};

struct SampleSpec {
  Index n = 500;
  double signal_fraction = 0.3;
  double shift = 1.0;     // signal scores ~ N(shift, 1), background ~ N(0, 1)
  bool ties = false;      // scores rounded to a grid of 1/3: many ties
  bool weighted = false;  // weights uniform in [0.2, 3)
  bool negative = false;  // with weighted: a tenth of the weights negative
};

Sample draw(std::mt19937_64& rng, const SampleSpec& spec) {
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  Sample s{Eigen::VectorXd(spec.n), Eigen::VectorXi(spec.n), Eigen::VectorXd::Ones(spec.n)};
  for (Index i = 0; i < spec.n; ++i) {
    s.labels(i) = uniform(rng) < spec.signal_fraction ? 1 : 0;
    const double x = normal(rng) + (s.labels(i) == 1 ? spec.shift : 0.0);
    s.scores(i) = spec.ties ? std::round(3 * x) / 3 : x;
    if (spec.weighted) s.weights(i) = (spec.negative && uniform(rng) < 0.1 ? -1.0 : 1.0) * (0.2 + 2.8 * uniform(rng));
  }
  // Both classes present, whatever the draw.
  s.labels(0) = 1;
  s.labels(1) = 0;
  return s;
}

// psi(a, b): a signal score a against a background score b, ties 1/2.
double psi(double a, double b) { return a > b ? 1.0 : (a == b ? 0.5 : 0.0); }

// The Mann-Whitney statistic over all (signal, background) pairs, weighted by w_i w_j.
double brute_force_auc(const Sample& s) {
  double sum = 0, w_s = 0, w_b = 0;
  for (Index i = 0; i < s.scores.size(); ++i) (s.labels(i) == 1 ? w_s : w_b) += s.weights(i);
  for (Index i = 0; i < s.scores.size(); ++i) {
    if (s.labels(i) != 1) continue;
    for (Index j = 0; j < s.scores.size(); ++j)
      if (s.labels(j) == 0) sum += s.weights(i) * s.weights(j) * psi(s.scores(i), s.scores(j));
  }
  return sum / (w_s * w_b);
}

// DeLong's standard error straight from its definition (roc.hpp), over all pairs.
double brute_force_delong(const Sample& s) {
  const double auc = brute_force_auc(s);
  double terms[2] = {0, 0}, sum_w[2] = {0, 0}, sum_w2[2] = {0, 0};
  for (Index i = 0; i < s.scores.size(); ++i) {
    const int c = s.labels(i);
    sum_w[c] += s.weights(i);
    sum_w2[c] += s.weights(i) * s.weights(i);
  }
  for (Index i = 0; i < s.scores.size(); ++i) {
    const int c = s.labels(i);
    double v = 0;  // this event's share of the pairs it wins against the other class
    for (Index j = 0; j < s.scores.size(); ++j) {
      if (s.labels(j) == c) continue;
      v += s.weights(j) * (c == 1 ? psi(s.scores(i), s.scores(j)) : psi(s.scores(j), s.scores(i)));
    }
    v /= sum_w[1 - c];
    terms[c] += s.weights(i) * s.weights(i) * (v - auc) * (v - auc);
  }
  double var = 0;
  for (int c = 0; c < 2; ++c) {
    const double n_eff = sum_w[c] * sum_w[c] / sum_w2[c];
    if (n_eff <= 1) return std::numeric_limits<double>::quiet_NaN();
    var += n_eff / (n_eff - 1) * terms[c] / (sum_w[c] * sum_w[c]);
  }
  return std::sqrt(var);
}

Roc roc_of(const Sample& s, bool weighted) {
  return weighted ? Roc(s.scores, s.labels, s.weights) : Roc(s.scores, s.labels);
}

TEST(AnalysisRoc, AucIsTheMannWhitneyStatisticOverAllPairs) {
  std::mt19937_64 rng(20240501);
  for (const bool ties : {false, true}) {
    for (const bool weighted : {false, true}) {
      for (const bool negative : {false, true}) {
        if (negative && !weighted) continue;
        for (const Index n : {2, 3, 10, 101, 600}) {
          for (const double shift : {0.0, 0.7, -1.5}) {
            const Sample s =
                draw(rng, {.n = n, .shift = shift, .ties = ties, .weighted = weighted, .negative = negative});
            const double w_s = (s.labels.cast<double>().array() * s.weights.array()).sum();
            if (w_s <= 0 || s.weights.sum() - w_s <= 0) continue;  // a negative draw can sink a class
            const Roc roc = roc_of(s, weighted);
            const auto context = ::testing::Message() << "n " << n << " shift " << shift << " ties " << ties
                                                      << " weighted " << weighted << " negative " << negative;
            EXPECT_NEAR(roc.auc(), brute_force_auc(s), 1e-12) << context;
            const double error = brute_force_delong(s);
            if (std::isnan(error)) {
              EXPECT_TRUE(std::isnan(roc.auc_error())) << context;
            } else {
              EXPECT_NEAR(roc.auc_error(), error, 1e-12) << context;
            }
          }
        }
      }
    }
  }
}

TEST(AnalysisRoc, HandWorkedTiedExample) {
  // Signal 0.9, 0.7, 0.4; background 0.7, 0.4, 0.1. Cuts keep score >= t:
  //   t = +inf  (0, 0);  0.9  (1/3, 0);  0.7  (2/3, 1/3);  0.4  (1, 2/3);  0.1  (1, 1).
  // Trapezoids over eff_b: 0 + 1/3 (1/3 + 2/3)/2 + 1/3 (2/3 + 1)/2 + 1/3 (1 + 1)/2 = 7/9.
  // Pairs: 0.9 beats all 3; 0.7 ties one and beats 2 (2.5); 0.4 ties one and beats 1 (1.5): 7/9.
  Eigen::VectorXd scores(6);
  Eigen::VectorXi labels(6);
  scores << 0.7, 0.4, 0.9, 0.1, 0.4, 0.7;
  labels << 1, 0, 1, 0, 1, 0;
  const Roc roc(scores, labels);
  const auto& c = roc.curve();
  ASSERT_EQ(c.size(), 5);
  const double eff_s[] = {0, 1.0 / 3, 2.0 / 3, 1, 1};
  const double eff_b[] = {0, 0, 1.0 / 3, 2.0 / 3, 1};
  const double threshold[] = {kInf, 0.9, 0.7, 0.4, 0.1};
  for (Index i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(c.eff_s(i), eff_s[i]) << "point " << i;
    EXPECT_DOUBLE_EQ(c.eff_b(i), eff_b[i]) << "point " << i;
    EXPECT_EQ(c.threshold(i), threshold[i]) << "point " << i;
  }
  EXPECT_DOUBLE_EQ(roc.auc(), 7.0 / 9.0);
  EXPECT_EQ(roc.n_signal(), 3);
  EXPECT_EQ(roc.n_background(), 3);
  EXPECT_EQ(roc.weight_signal(), 3.0);

  // SIC at the points with eff_b > 0: (2/3)/sqrt(1/3) = 1.155, 1/sqrt(2/3) = 1.225, 1.
  const SicPoint sic = roc.max_sic(0.1);
  EXPECT_DOUBLE_EQ(sic.sic, std::sqrt(1.5));
  EXPECT_DOUBLE_EQ(sic.eff_b, 2.0 / 3);
  EXPECT_EQ(sic.threshold, 0.4);
  EXPECT_EQ(roc.max_sic(0.7).sic, 1.0);  // only (1, 1) is above the floor
  // Three background events: ten of them would be more than all, so the default floor is 1.
  EXPECT_EQ(roc.default_sic_floor(), 1.0);
  EXPECT_EQ(roc.max_sic().eff_b, 1.0);

  // eff_s = 0.5 is halfway from (1/3, 0) to (2/3, 1/3): eff_b = 1/6, rejection 6.
  EXPECT_DOUBLE_EQ(roc.rejection_at(0.5).eff_b, 1.0 / 6);
  EXPECT_DOUBLE_EQ(roc.rejection_at(0.5).rejection, 6.0);
  EXPECT_DOUBLE_EQ(roc.rejection_at(0.9).eff_b, 1.0 / 3 + 0.7 / 3);
  EXPECT_EQ(roc.rejection_at(1.0 / 3).rejection, kInf);    // reached at eff_b = 0
  EXPECT_DOUBLE_EQ(roc.rejection_at(1.0).eff_b, 2.0 / 3);  // the first point with eff_s = 1

  EXPECT_EQ(roc.threshold_at(0.5).threshold, 0.7);
  EXPECT_DOUBLE_EQ(roc.threshold_at(0.5).eff_s, 2.0 / 3);
  EXPECT_EQ(roc.threshold_at(0.1).threshold, 0.9);
  EXPECT_EQ(roc.threshold_at(1.0 / 3).threshold, 0.7);
  EXPECT_EQ(roc.threshold_at(1.0).threshold, 0.1);
  EXPECT_EQ(roc.threshold_at(0.0).threshold, 0.9);

  // A top score shared by signal and background: no cut keeps some signal and no background.
  Eigen::VectorXd tied(2);
  tied << 1.0, 1.0;
  const Roc all_tied(tied, (Eigen::VectorXi(2) << 1, 0).finished());
  EXPECT_EQ(all_tied.auc(), 0.5);
  EXPECT_EQ(all_tied.threshold_at(0.5).threshold, kInf);
  EXPECT_EQ(all_tied.threshold_at(0.5).eff_s, 0.0);
  EXPECT_EQ(all_tied.curve().size(), 2);
}

TEST(AnalysisRoc, PerfectSeparationGivesOneAndReversedGivesZero) {
  const Eigen::VectorXd scores = Eigen::VectorXd::LinSpaced(100, 0.0, 1.0);
  Eigen::VectorXi high(100), low(100);
  for (Index i = 0; i < 100; ++i) {
    high(i) = i >= 60 ? 1 : 0;
    low(i) = 1 - high(i);
  }
  const Roc perfect(scores, high);
  EXPECT_EQ(perfect.auc(), 1.0);
  EXPECT_EQ(perfect.rejection_at(0.7).rejection, kInf);
  EXPECT_EQ(perfect.max_sic(0.01).eff_s, 1.0);
  EXPECT_EQ(Roc(scores, low).auc(), 0.0);
}

TEST(AnalysisRoc, RandomLabelsGiveAHalfWithinFiveStandardErrors) {
  std::mt19937_64 rng(7);
  for (const bool ties : {false, true}) {
    const Sample s = draw(rng, {.n = 20000, .shift = 0.0, .ties = ties, .weighted = ties});
    const Roc roc = roc_of(s, ties);
    // DeLong for n_s = 6000, n_b = 14000 at AUC 0.5: about sqrt(1/12 (1/n_s + 1/n_b)) = 0.0045.
    EXPECT_GT(roc.auc_error(), 0.003);
    EXPECT_LT(roc.auc_error(), 0.007);
    EXPECT_LT(std::abs(roc.auc() - 0.5), 5 * roc.auc_error()) << "ties " << ties;
  }
}

TEST(AnalysisRoc, StandardErrorMatchesTheSpreadOverRepeatedSamples) {
  // 400 samples of 250 events: the spread of the AUCs has a relative uncertainty of
  // 1/sqrt(2 * 399) = 3.5 %, so the mean DeLong error must agree within 15 % (4 sigma).
  std::mt19937_64 rng(11);
  for (const bool weighted : {false, true}) {
    constexpr int kRepeats = 400;
    Eigen::VectorXd aucs(kRepeats), errors(kRepeats);
    for (int r = 0; r < kRepeats; ++r) {
      const Roc roc =
          roc_of(draw(rng, {.n = 250, .signal_fraction = 0.4, .shift = 1.0, .weighted = weighted}), weighted);
      aucs(r) = roc.auc();
      errors(r) = roc.auc_error();
    }
    const double spread = seed_spread(aucs).std_dev;
    EXPECT_NEAR(errors.mean() / spread, 1.0, 0.15) << "weighted " << weighted << ": spread " << spread;
  }
}

TEST(AnalysisRoc, CurvePointsCountTheEventsAboveEachThreshold) {
  std::mt19937_64 rng(3);
  for (const bool ties : {false, true}) {
    const Sample s = draw(rng, {.n = 300, .ties = ties, .weighted = true});
    const Roc roc(s.scores, s.labels, s.weights);
    const auto& c = roc.curve();
    const std::set<double> distinct(s.scores.begin(), s.scores.end());
    ASSERT_EQ(c.size(), static_cast<Index>(distinct.size()) + 1);
    EXPECT_EQ(c.threshold(0), kInf);
    EXPECT_EQ(c.eff_s(0), 0.0);
    EXPECT_EQ(c.eff_b(0), 0.0);
    EXPECT_EQ(c.eff_s(c.size() - 1), 1.0);  // exactly: the totals are the same sums
    EXPECT_EQ(c.eff_b(c.size() - 1), 1.0);
    EXPECT_EQ(c.threshold(c.size() - 1), *distinct.begin());
    for (Index k = 1; k < c.size(); ++k) {
      EXPECT_LT(c.threshold(k), c.threshold(k - 1));
      double kept[2] = {0, 0};
      for (Index i = 0; i < s.scores.size(); ++i)
        if (s.scores(i) >= c.threshold(k)) kept[s.labels(i)] += s.weights(i);
      EXPECT_NEAR(c.eff_s(k), kept[1] / roc.weight_signal(), 1e-12) << "point " << k;
      EXPECT_NEAR(c.eff_b(k), kept[0] / roc.weight_background(), 1e-12) << "point " << k;
    }
    // The threshold for a background efficiency: within the target, the next looser cut is not.
    for (const double target : {0.5, 0.1, 0.01}) {
      const ThresholdPoint t = roc.threshold_at(target);
      EXPECT_LE(t.eff_b, target);
      Index k = 0;
      while (c.threshold(k) != t.threshold) ++k;
      EXPECT_GT(c.eff_b(k + 1), target) << "target " << target;
    }
  }
}

TEST(AnalysisRoc, AucIsInvariantUnderMonotoneMapsAndWeightScale) {
  std::mt19937_64 rng(5);
  const Sample s = draw(rng, {.n = 1000, .ties = true, .weighted = true});
  const Roc roc(s.scores, s.labels, s.weights);
  const Eigen::VectorXd mapped = s.scores.array().exp();  // keeps order and ties
  EXPECT_EQ(Roc(mapped, s.labels, s.weights).auc(), roc.auc());
  EXPECT_EQ(Roc(s.scores, s.labels, 4.0 * s.weights).auc(), roc.auc());  // a power of 2: exact
  EXPECT_EQ(Roc(s.scores, s.labels, 4.0 * s.weights).auc_error(), roc.auc_error());
  const Roc unweighted(s.scores, s.labels);
  const Roc unit(s.scores, s.labels, Eigen::VectorXd::Ones(s.scores.size()));
  EXPECT_EQ(unit.auc(), unweighted.auc());
  EXPECT_EQ(unit.auc_error(), unweighted.auc_error());
  EXPECT_EQ(unweighted.n_eff_background(), static_cast<double>(unweighted.n_background()));
  // Flipping the labels mirrors the curve: AUC -> 1 - AUC.
  const Eigen::VectorXi flipped = 1 - s.labels.array();
  EXPECT_NEAR(Roc(s.scores, flipped, s.weights).auc(), 1.0 - roc.auc(), 1e-14);
}

TEST(AnalysisRoc, SicRejectionAndThresholdFollowTheCurve) {
  std::mt19937_64 rng(17);
  const Sample s = draw(rng, {.n = 20000, .signal_fraction = 0.5, .shift = 1.5});
  const Roc roc(s.scores, s.labels);
  const auto& c = roc.curve();
  // Default floor: 10 of the ~10000 background events.
  EXPECT_DOUBLE_EQ(roc.default_sic_floor(), 10.0 / static_cast<double>(roc.n_background()));
  const SicPoint best = roc.max_sic();
  const Eigen::VectorXd sic = c.sic();
  for (Index i = 0; i < c.size(); ++i)
    if (c.eff_b(i) >= best.min_eff_b) {
      EXPECT_LE(sic(i), best.sic) << "point " << i;
    }
  EXPECT_GE(best.eff_b, best.min_eff_b);
  EXPECT_GT(best.sic, 1.0);
  // Without ties each rejection point lies on a segment between two curve points.
  for (const double e : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const RejectionPoint r = roc.rejection_at(e);
    Index i = 0;
    while (c.eff_s(i) < e) ++i;
    EXPECT_LE(r.eff_b, c.eff_b(i));
    EXPECT_GE(r.eff_b, c.eff_b(i - 1));
    EXPECT_DOUBLE_EQ(r.rejection, 1.0 / r.eff_b);
  }
  // Separated classes: better than random everywhere.
  EXPECT_GT(roc.rejection_at(0.5).rejection, 2.0);
}

TEST(AnalysisRoc, ThinnedCurveKeepsEndpointsAndResolvesBothAxes) {
  std::mt19937_64 rng(23);
  const Sample s = draw(rng, {.n = 50000, .signal_fraction = 0.5, .shift = 2.0});
  const Roc roc(s.scores, s.labels);
  const auto& c = roc.curve();
  ASSERT_GT(c.size(), 40000);
  for (const Index max_points : {2, 3, 10, 1000}) {
    const RocCurve t = c.thinned(max_points);
    ASSERT_LE(t.size(), max_points);
    ASSERT_GE(t.size(), 2);
    EXPECT_EQ(t.threshold(0), kInf);
    EXPECT_EQ(t.eff_s(t.size() - 1), 1.0);
    EXPECT_EQ(t.eff_b(t.size() - 1), 1.0);
    // Every kept point is a point of the curve, in order.
    Index k = 0;
    for (Index j = 0; j < t.size(); ++j) {
      while (k < c.size() && c.threshold(k) != t.threshold(j)) ++k;
      ASSERT_LT(k, c.size()) << "kept point " << j << " is not on the curve";
      EXPECT_EQ(c.eff_s(k), t.eff_s(j));
    }
  }
  // 1000 points: steps of u = (eff_s + g(eff_b)) / 2 of 1/998, so eff_s moves by at most 2/998
  // between kept points (plus one event), and the low-eff_b end keeps points too. The first
  // background events jump over steps (g rises by log(2) / log(25000) / 2, 34 steps, from the
  // first to the second), about 140 in all here; every other step keeps a point.
  const RocCurve t = c.thinned(1000);
  EXPECT_GT(t.size(), 800);
  for (Index j = 1; j < t.size(); ++j) EXPECT_LE(t.eff_s(j) - t.eff_s(j - 1), 2.0 / 998 + 1e-3);
  Index low = 0;
  for (Index j = 0; j < t.size(); ++j) low += (t.eff_b(j) > 0 && t.eff_b(j) < 1e-2) ? 1 : 0;
  EXPECT_GT(low, 50);
  EXPECT_THROW(c.thinned(1), InputError);
  EXPECT_EQ(c.thinned(c.size()).size(), c.size());
}

TEST(AnalysisRoc, SummaryReportsTheRequestedPointsAsJson) {
  std::mt19937_64 rng(29);
  const Sample s = draw(rng, {.n = 5000, .weighted = true});
  const Roc roc(s.scores, s.labels, s.weights);
  const RocSummary summary = roc.summary();
  EXPECT_EQ(summary.auc, roc.auc());
  EXPECT_EQ(summary.curve_points, roc.curve().size());
  EXPECT_LE(summary.curve.size(), 1000);
  ASSERT_EQ(summary.rejection.size(), 3u);
  ASSERT_EQ(summary.thresholds.size(), 3u);
  EXPECT_EQ(summary.rejection[1].eff_s, 0.5);
  EXPECT_EQ(summary.thresholds[2].target_eff_b, 0.001);
  EXPECT_EQ(summary.max_sic.min_eff_b, roc.default_sic_floor());
  const nlohmann::json j = summary.to_json();
  EXPECT_EQ(j.at("n_signal").get<Index>() + j.at("n_background").get<Index>(), 5000);
  EXPECT_DOUBLE_EQ(j.at("weight_signal").get<double>(), roc.weight_signal());
  EXPECT_TRUE(j.at("curve").at("threshold").at(0).is_null());  // +infinity: keep nothing
  EXPECT_EQ(j.at("curve").at("eff_s").size(), summary.curve.size());
  EXPECT_EQ(j.at("rejection").at(2).at("eff_s").get<double>(), 0.7);
  EXPECT_TRUE(j.at("max_sic").contains("threshold"));

  // One signal event: its share of the pairs has no spread to estimate.
  Eigen::VectorXd scores(4);
  scores << 1, 2, 3, 4;
  const RocSummary one = Roc(scores, (Eigen::VectorXi(4) << 0, 0, 1, 0).finished()).summary();
  EXPECT_TRUE(std::isnan(one.auc_error));
  EXPECT_TRUE(one.to_json().at("auc_error").is_null());
}

TEST(AnalysisRoc, BadInputsAreInputErrors) {
  Eigen::VectorXd scores(4);
  scores << 0.1, 0.2, 0.3, 0.4;
  const Eigen::VectorXi labels = (Eigen::VectorXi(4) << 0, 1, 0, 1).finished();
  EXPECT_NO_THROW(Roc(scores, labels));
  Eigen::VectorXd nan = scores;
  nan(2) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(Roc(nan, labels), InputError);
  EXPECT_THROW(Roc(scores, labels.head(3)), InputError);
  EXPECT_THROW(Roc(scores, labels, Eigen::VectorXd::Ones(3)), InputError);
  EXPECT_THROW(Roc(Eigen::VectorXd(), Eigen::VectorXi()), InputError);
  EXPECT_THROW(Roc(scores, (Eigen::VectorXi(4) << 0, 1, 2, 1).finished()), InputError);
  EXPECT_THROW(Roc(scores, (Eigen::VectorXi(4) << 0, -1, 0, 1).finished()), InputError);
  EXPECT_THROW(Roc(scores, Eigen::VectorXi::Zero(4)), InputError);
  EXPECT_THROW(Roc(scores, Eigen::VectorXi::Ones(4)), InputError);
  EXPECT_THROW(Roc(scores, labels, (Eigen::VectorXd(4) << 1, 1, 1, kInf).finished()), InputError);
  EXPECT_THROW(Roc(scores, labels, (Eigen::VectorXd(4) << 1, 0, 1, 0).finished()), InputError);    // signal 0
  EXPECT_THROW(Roc(scores, labels, (Eigen::VectorXd(4) << 1, 2, -1, 1).finished()), InputError);   // background 0
  EXPECT_THROW(Roc(scores, labels, (Eigen::VectorXd(4) << -2, 1, 1, -3).finished()), InputError);  // both negative
  // Infinite scores are ordinary scores (a diverged reconstruction is very bad, not unknown).
  Eigen::VectorXd inf = scores;
  inf(3) = kInf;
  EXPECT_EQ(Roc(inf, labels).auc(), Roc(scores, labels).auc());

  const Roc roc(scores, labels);
  EXPECT_THROW(roc.max_sic(0.0), InputError);
  EXPECT_THROW(roc.max_sic(1.5), InputError);
  EXPECT_THROW(roc.rejection_at(-0.1), InputError);
  EXPECT_THROW(roc.rejection_at(std::numeric_limits<double>::quiet_NaN()), InputError);
  EXPECT_THROW(roc.threshold_at(1.01), InputError);
}

}  // namespace
}  // namespace topae::analysis
