#include "topae/analysis/seed_spread.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "topae/core/error.hpp"

namespace topae::analysis {
namespace {

TEST(AnalysisSeedSpread, HandExample) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, sample variance 32 / 7.
  Eigen::VectorXd v(8);
  v << 2, 4, 4, 4, 5, 5, 7, 9;
  const SeedSpread s = seed_spread(v);
  EXPECT_EQ(s.n, 8);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.std_dev, std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(s.std_error, std::sqrt(32.0 / 7.0 / 8.0));
  EXPECT_EQ(s.min, 2.0);
  EXPECT_EQ(s.max, 9.0);
  const nlohmann::json j = s.to_json();
  EXPECT_EQ(j.at("n").get<Index>(), 8);
  EXPECT_DOUBLE_EQ(j.at("std_dev").get<double>(), s.std_dev);
  EXPECT_EQ(j.at("max").get<double>(), 9.0);
}

TEST(AnalysisSeedSpread, OneSeedHasNoSpread) {
  const SeedSpread s = seed_spread(Eigen::VectorXd::Constant(1, 0.75));
  EXPECT_EQ(s.mean, 0.75);
  EXPECT_TRUE(std::isnan(s.std_dev));
  EXPECT_TRUE(s.to_json().at("std_dev").is_null());
  EXPECT_TRUE(s.to_json().at("std_error").is_null());
}

TEST(AnalysisSeedSpread, TinySpreadOnALargeMeanSurvives) {
  // One-pass formulas (sum of squares minus n mean^2) lose every digit here.
  Eigen::VectorXd v(3);
  v << 1e9 + 1, 1e9 + 2, 1e9 + 3;
  EXPECT_DOUBLE_EQ(seed_spread(v).std_dev, 1.0);
}

TEST(AnalysisSeedSpread, StandardErrorCoversTheTrueMean) {
  // 2000 draws of 10 normal "seeds": the mean lies within 2 standard errors of 0 about 93 %
  // of the time (Student t, 9 degrees of freedom: 92.3 %); 2000 trials put that within +-2 %.
  std::mt19937_64 rng(31);
  std::normal_distribution<double> normal(0.0, 3.0);
  int covered = 0;
  constexpr int kTrials = 2000;
  for (int t = 0; t < kTrials; ++t) {
    Eigen::VectorXd v(10);
    for (auto& x : v) x = normal(rng);
    const SeedSpread s = seed_spread(v);
    covered += std::abs(s.mean) < 2 * s.std_error ? 1 : 0;
  }
  EXPECT_NEAR(covered / static_cast<double>(kTrials), 0.923, 0.025);
}

TEST(AnalysisSeedSpread, BadInputsAreInputErrors) {
  EXPECT_THROW(seed_spread(Eigen::VectorXd()), InputError);
  Eigen::VectorXd v(3);
  v << 1, std::numeric_limits<double>::quiet_NaN(), 2;
  EXPECT_THROW(seed_spread(v), InputError);
  v(1) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(seed_spread(v), InputError);
}

}  // namespace
}  // namespace topae::analysis
