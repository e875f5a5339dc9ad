#include "topae/analysis/divergence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::analysis {
namespace {

Histogram histogram(const std::vector<double>& contents, double lo = 0.0, double hi = 1.0) {
  Histogram h(static_cast<int>(contents.size()), lo, hi);
  for (int i = 0; i < h.bins(); ++i) h.fill(h.centre(i), contents[static_cast<std::size_t>(i)]);
  return h;
}

TEST(AnalysisDivergence, IdenticalShapesGiveZeroAndDisjointShapesOne) {
  const Histogram a = histogram({1, 4, 9, 0, 2});
  EXPECT_EQ(jensen_shannon_divergence(a, a), 0.0);
  EXPECT_EQ(jensen_shannon_divergence(histogram({3, 0, 1, 0}), histogram({0, 7, 0, 2})), 1.0);
  EXPECT_NEAR(jensen_shannon_divergence(histogram({1, 0}), histogram({0, 1})), 1.0, 1e-15);
}

TEST(AnalysisDivergence, TwoBinsAgainstTheAnalyticFormula) {
  // P = (p, 1 - p), Q = (q, 1 - q): JSD = H((p + q) / 2) - (H(p) + H(q)) / 2 with H the binary
  // entropy in bits.
  const auto entropy = [](double x) { return x <= 0 || x >= 1 ? 0.0 : -x * std::log2(x) - (1 - x) * std::log2(1 - x); };
  for (const double p : {0.0, 0.1, 0.25, 0.5, 0.9}) {
    for (const double q : {0.0, 0.3, 0.5, 0.75, 1.0}) {
      const double expected = entropy((p + q) / 2) - (entropy(p) + entropy(q)) / 2;
      EXPECT_NEAR(jensen_shannon_divergence(histogram({p, 1 - p}), histogram({q, 1 - q})), expected, 1e-14)
          << "p = " << p << ", q = " << q;
    }
  }
}

TEST(AnalysisDivergence, SymmetricScaleInvariantAndBounded) {
  std::mt19937_64 engine(3);
  std::uniform_real_distribution<double> u(0, 10);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> a(12), b(12), scaled(12);
    for (std::size_t i = 0; i < a.size(); ++i) {
      a[i] = u(engine);
      b[i] = trial % 3 == 0 && i % 2 ? 0.0 : u(engine);  // some empty bins
      scaled[i] = 1234.5 * a[i];
    }
    const double jsd = jensen_shannon_divergence(histogram(a), histogram(b));
    EXPECT_NEAR(jsd, jensen_shannon_divergence(histogram(b), histogram(a)), 1e-15);
    EXPECT_NEAR(jensen_shannon_divergence(histogram(scaled), histogram(b)), jsd, 1e-14);
    EXPECT_GE(jsd, 0.0);
    EXPECT_LE(jsd, 1.0);
  }
}

TEST(AnalysisDivergence, UnderAndOverflowAreLeftOut) {
  Histogram a = histogram({1, 2, 3});
  const Histogram b = histogram({1, 2, 3});
  a.fill(-5.0, 100.0);
  a.fill(5.0, 100.0);
  EXPECT_EQ(jensen_shannon_divergence(a, b), 0.0);
}

TEST(AnalysisDivergence, BadArgumentsAreInputErrors) {
  const Histogram a = histogram({1, 2, 3});
  EXPECT_THROW(jensen_shannon_divergence(a, histogram({1, 2})), InputError);
  EXPECT_THROW(jensen_shannon_divergence(a, histogram({1, 2, 3}, 0.0, 2.0)), InputError);
  EXPECT_THROW(jensen_shannon_divergence(a, histogram({0, 0, 0})), InputError);
  EXPECT_THROW(jensen_shannon_divergence(Histogram(3, 0.0, 1.0), a), InputError);
  EXPECT_THROW(jensen_shannon_divergence(a, histogram({1, -2, 3})), InputError);
}

TEST(AnalysisDivergence, RandomSubsamplesAgreeWithTheExpectedDivergence) {
  // 20000 events of density 1 + x in 30 bins (the sparsest holds 2 % of them), and 400 random
  // subsamples of each size (a partial Fisher-Yates shuffle): their mean JSD against the
  // expectation, within 4 standard errors of the mean (JSD scatters as a chi-square, relative
  // spread sqrt(2 / 29) ~ 0.26, so the error is ~1.3 % of the mean).
  constexpr int kEvents = 20000, kRepeats = 400;
  std::vector<double> x(kEvents);
  RandomStream values(11, 0);
  for (auto& v : x) v = std::sqrt(1 + 3 * values.uniform()) - 1;  // inverse of the CDF (x + x^2 / 2) / 1.5
  Histogram full(30, 0.0, 1.0);
  for (const double v : x) full.fill(v);
  for (const int kept : {1000, 4000, 16000}) {
    double sum = 0, sum2 = 0;
    for (int r = 0; r < kRepeats; ++r) {
      RandomStream pick(12, static_cast<std::uint64_t>(r));
      Histogram sub(30, 0.0, 1.0);
      for (int i = 0; i < kept; ++i) {
        std::swap(x[i], x[i + pick.below(kEvents - i)]);
        sub.fill(x[i]);
      }
      const double jsd = jensen_shannon_divergence(full, sub);
      sum += jsd;
      sum2 += jsd * jsd;
    }
    const double mean = sum / kRepeats, error = std::sqrt((sum2 / kRepeats - mean * mean) / kRepeats);
    EXPECT_NEAR(mean, expected_subsample_jsd(full, kept), 4 * error) << kept << " kept";
  }
  EXPECT_EQ(expected_subsample_jsd(full, kEvents), 0.0);
}

TEST(AnalysisDivergence, ExpectedSubsampleDivergenceCountsTheFilledBins) {
  // B = 3 filled bins of 4, n = 10: (3 - 1) / (8 ln 2) (1 / 5 - 1 / 10).
  EXPECT_DOUBLE_EQ(expected_subsample_jsd(histogram({2, 0, 3, 5}), 5), 2 / (8 * std::log(2.0)) * 0.1);
  EXPECT_THROW(expected_subsample_jsd(histogram({2, 0, 3, 5}), 0), InputError);
  EXPECT_THROW(expected_subsample_jsd(histogram({2, 0, 3, 5}), 11), InputError);
  EXPECT_THROW(expected_subsample_jsd(histogram({2, -1, 3}), 1), InputError);
}

}  // namespace
}  // namespace topae::analysis
