#include "topae/analysis/divergence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "topae/core/error.hpp"

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

}  // namespace
}  // namespace topae::analysis
