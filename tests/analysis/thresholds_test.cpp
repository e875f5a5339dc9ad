#include "topae/analysis/thresholds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "topae/core/error.hpp"

namespace topae::analysis {
namespace {

Eigen::VectorXd range(double from, double to) {  // from, from + 1, ..., to
  return Eigen::VectorXd::LinSpaced(static_cast<Index>(to - from) + 1, from, to);
}

TEST(AnalysisThresholds, OnePercentOfZeroToNinetyNineFlagsExactlyOne) {
  const Eigen::VectorXd v = range(0, 99);
  const Threshold t = threshold_for_fraction(v, 0.01);
  EXPECT_EQ(t.value, 98.0);
  EXPECT_EQ(t.max_flagged, 1);
  EXPECT_EQ(t.n_flagged, 1);
  EXPECT_DOUBLE_EQ(t.flagged_fraction, 0.01);
  EXPECT_EQ(count_flagged(v, t.value), 1);
  EXPECT_DOUBLE_EQ(flagged_fraction(v, t.value), 0.01);
  EXPECT_EQ(threshold_for_fraction(v, 0.0).value, 99.0);   // nothing flagged
  EXPECT_EQ(threshold_for_fraction(v, 0.005).n_flagged, 0);  // q n < 1
  EXPECT_EQ(threshold_for_fraction(v, 0.29).n_flagged, 29);  // 0.29 * 100 = 28.999... in floating point
  EXPECT_EQ(threshold_for_fraction(v, 0.07).n_flagged, 7);   // 0.07 * 100 = 7.000...1
  EXPECT_EQ(threshold_for_fraction(v, 0.999).n_flagged, 99);
}

TEST(AnalysisThresholds, ThresholdIsTheSmallestValueFlaggingAtMostFloorQn) {
  // Law, over sizes, fractions (a / 1000 exactly, so floor(q n) is integer arithmetic) and
  // data with and without ties: t is a reference value, at most floor(q n) values lie above
  // it, and more than floor(q n) lie at or above it (no smaller value would do). Without ties
  // exactly floor(q n) lie above.
  std::mt19937_64 rng(99);
  for (const Index n : {1, 2, 7, 100, 1001}) {
    for (const int per_mille : {0, 1, 10, 50, 100, 290, 500, 900, 990, 999}) {
      const double q = per_mille / 1000.0;
      const Index m = std::min<Index>(n - 1, n * per_mille / 1000);
      for (const bool ties : {false, true}) {
        Eigen::VectorXd v(n);
        std::normal_distribution<double> normal;
        for (Index i = 0; i < n; ++i) v(i) = ties ? std::round(3 * normal(rng)) : normal(rng);
        const Threshold t = threshold_for_fraction(v, q);
        EXPECT_TRUE((v.array() == t.value).any());
        EXPECT_EQ(t.max_flagged, m) << n << " " << q;
        const Index above = (v.array() > t.value).count();
        const Index at_or_above = (v.array() >= t.value).count();
        EXPECT_EQ(t.n_flagged, above);
        EXPECT_LE(above, m) << n << " " << q;
        EXPECT_GT(at_or_above, m) << n << " " << q;
        if (!ties) {
          EXPECT_EQ(above, m) << n << " " << q;
        }
      }
    }
  }
}

TEST(AnalysisThresholds, FractionOfAnotherSetFlagged) {
  const Threshold t = threshold_for_fraction(range(0, 99), 0.1);
  EXPECT_EQ(t.value, 89.0);
  const Eigen::VectorXd other = range(80, 119);  // 40 values, 30 of them above 89
  EXPECT_EQ(count_flagged(other, t.value), 30);
  EXPECT_DOUBLE_EQ(flagged_fraction(other, t.value), 0.75);
  EXPECT_EQ(count_flagged(Eigen::VectorXd(0), 1.0), 0);
}

TEST(AnalysisThresholds, QuantilesAreTheInvertedEmpiricalCdf) {
  // numpy.quantile(x, p, method="inverted_cdf") on these data gives the same values.
  const Eigen::VectorXd v = range(0, 99);
  EXPECT_EQ(quantile(v, 0.5), 49.0);
  EXPECT_EQ(quantile(v, 0.9), 89.0);
  EXPECT_EQ(quantile(v, 0.99), 98.0);
  EXPECT_EQ(quantile(v, 1.0), 99.0);
  EXPECT_EQ(quantile(v, 0.0), 0.0);
  EXPECT_EQ(quantile(v, 0.001), 0.0);
  const Eigen::VectorXd ten = range(1, 10);
  EXPECT_EQ(quantile(ten, 0.25), 3.0);  // ceil(2.5) = 3rd
  EXPECT_EQ(quantile(ten, 0.2), 2.0);   // exactly 2nd
  Eigen::VectorXd shuffled = range(0, 99);
  std::mt19937_64 rng(5);
  std::shuffle(shuffled.data(), shuffled.data() + shuffled.size(), rng);
  EXPECT_EQ(quantile(shuffled, 0.5), 49.0);

  const ErrorQuantiles e = error_quantiles(shuffled);
  EXPECT_EQ(e.n, 100);
  EXPECT_EQ(e.p50, 49.0);
  EXPECT_EQ(e.p90, 89.0);
  EXPECT_EQ(e.p99, 98.0);
  EXPECT_EQ(e.max, 99.0);
  const auto j = e.to_json();
  EXPECT_EQ(j.at("p99").get<double>(), 98.0);
  EXPECT_EQ(j.at("max").get<double>(), 99.0);
  EXPECT_EQ(j.at("n").get<Index>(), 100);
  // The threshold for q is the quantile at 1 - q.
  for (const double q : {0.01, 0.05, 0.1, 0.5})
    EXPECT_EQ(threshold_for_fraction(shuffled, q).value, quantile(shuffled, 1 - q)) << q;
}

TEST(AnalysisThresholds, InfiniteErrorsCountAsAboveEverything) {
  Eigen::VectorXd v = range(0, 99);
  v(17) = std::numeric_limits<double>::infinity();
  const Threshold t = threshold_for_fraction(v, 0.01);
  EXPECT_EQ(t.value, 99.0);
  EXPECT_EQ(t.n_flagged, 1);
  EXPECT_TRUE(std::isinf(error_quantiles(v).max));
}

TEST(AnalysisThresholds, BadInputThrows) {
  const Eigen::VectorXd v = range(0, 9);
  EXPECT_THROW(threshold_for_fraction(v, 1.0), InputError);
  EXPECT_THROW(threshold_for_fraction(v, -0.1), InputError);
  EXPECT_THROW(threshold_for_fraction(v, std::numeric_limits<double>::quiet_NaN()), InputError);
  EXPECT_THROW(threshold_for_fraction(Eigen::VectorXd(0), 0.1), InputError);
  EXPECT_THROW(quantile(v, 1.5), InputError);
  EXPECT_THROW(quantile(Eigen::VectorXd(0), 0.5), InputError);
  EXPECT_THROW(error_quantiles(Eigen::VectorXd(0)), InputError);
  EXPECT_THROW(flagged_fraction(Eigen::VectorXd(0), 1.0), InputError);
  EXPECT_THROW(flagged_fraction(v, std::numeric_limits<double>::quiet_NaN()), InputError);
  Eigen::VectorXd bad = v;
  bad(3) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(threshold_for_fraction(bad, 0.1), InputError);
  EXPECT_THROW(error_quantiles(bad), InputError);
  EXPECT_THROW(count_flagged(bad, 1.0), InputError);
}

}  // namespace
}  // namespace topae::analysis
