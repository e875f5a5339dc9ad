// Counter-based streams: reproducible, independent per (seed, stream), and with the right
// distributions (tolerances from the sample size: 5 standard errors, chi-squared at p = 1e-6).
#include <gtest/gtest.h>

#include <set>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <vector>

#include "topae/core/rng.hpp"

namespace topae {
namespace {

constexpr int kN = 1'000'000;

TEST(RandomStream, SameKeySameSequenceOtherKeysDiffer) {
  RandomStream a(1, 2), b(1, 2), c(1, 3), d(2, 2);
  int same_c = 0, same_d = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.next_u32();
    EXPECT_EQ(x, b.next_u32());
    same_c += x == c.next_u32();
    same_d += x == d.next_u32();
  }
  EXPECT_LT(same_c, 3);
  EXPECT_LT(same_d, 3);
}

// The vectorised Philox of RandomStream::blocks against Random123's, through next_u32(),
// with seeds and streams that use both 32-bit halves.
template <int L>
void expect_blocks_equal_draws(std::uint64_t seed, std::uint64_t first_stream) {
  for (std::uint32_t index : {0u, 1u, 7u, 1000u}) {
    std::uint32_t w[4][L];
    RandomStream::blocks(seed, first_stream, index, w);
    for (int l = 0; l < L; ++l) {
      RandomStream rng(seed, first_stream + l);
      for (std::uint32_t skip = 0; skip < 4 * index; ++skip) rng.next_u32();
      for (int k = 0; k < 4; ++k) EXPECT_EQ(w[k][l], rng.next_u32()) << "lane " << l << " word " << k;
    }
  }
}

TEST(RandomStream, BlocksForManyStreamsEqualTheDrawsOfEachStream) {
  for (const std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{0xdeadbeef12345678}}) {
    for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{0xfffffffc}, std::uint64_t{0x123456789ab0}}) {
      expect_blocks_equal_draws<8>(seed, first);
      expect_blocks_equal_draws<3>(seed, first);
    }
  }
}

TEST(RandomStream, UniformHasTheMomentsOfU01AndStaysInside) {
  RandomStream rng(7, 0);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
  }
  const double mean = sum / kN;
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / kN));
  // Var(u^2) = 1/5 - 1/9 = 4/45.
  EXPECT_NEAR(sum2 / kN, 1.0 / 3, 5 * std::sqrt(4.0 / 45 / kN));
}

TEST(RandomStream, NormalHasMeanZeroAndUnitVariance) {
  RandomStream rng(7, 1);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / kN, 0.0, 5 / std::sqrt(kN));
  EXPECT_NEAR(sum2 / kN, 1.0, 5 * std::sqrt(2.0 / kN));  // Var(z^2) = 2
}

TEST(RandomStream, BelowIsUniformOverItsRange) {
  for (const std::uint64_t n : {2ull, 7ull, 1000ull}) {
    RandomStream rng(3, n);
    std::vector<double> counts(n, 0.0);
    const int draws = 200 * static_cast<int>(n);
    for (int i = 0; i < draws; ++i) {
      const auto k = rng.below(n);
      ASSERT_LT(k, n);
      counts[k] += 1;
    }
    const double expected = static_cast<double>(draws) / static_cast<double>(n);
    double chi2 = 0;
    for (const double c : counts) chi2 += (c - expected) * (c - expected) / expected;
    const boost::math::chi_squared dist(static_cast<double>(n - 1));
    EXPECT_LT(chi2, boost::math::quantile(boost::math::complement(dist, 1e-6))) << "n = " << n;
  }
}

TEST(NamedSeed, SamplesOfOneRunAndOfNeighbouringRunsDiffer) {
  std::set<std::uint64_t> seen;
  for (std::uint64_t seed = 0; seed < 2000; ++seed)
    for (const char* purpose : {"train", "test", "reference"}) seen.insert(named_seed(seed, purpose));
  EXPECT_EQ(seen.size(), 6000u);  // no two (seed, purpose) pairs share a sample
  EXPECT_EQ(named_seed(7, "test"), named_seed(7, "test"));
}

}  // namespace
}  // namespace topae
