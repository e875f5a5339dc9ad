#include "topae/topology/seams.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "topae/core/error.hpp"

namespace topae::topology {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDeg = kPi / 180;

Eigen::VectorXd degrees(std::initializer_list<double> d) {
  Eigen::VectorXd v(static_cast<Index>(d.size()));
  Index i = 0;
  for (const double x : d) v(i++) = x * kDeg;
  return v;
}

TEST(TopologySeams, WrapAngleAndAngularDistance) {
  EXPECT_DOUBLE_EQ(wrap_angle(-kPi / 2), 1.5 * kPi);
  EXPECT_DOUBLE_EQ(wrap_angle(5 * kPi), kPi);
  EXPECT_EQ(wrap_angle(2 * kPi), 0.0);
  const double w = wrap_angle(-1e-20);  // rounds to 2 pi: must come back as 0
  EXPECT_GE(w, 0.0);
  EXPECT_LT(w, 2 * kPi);
  EXPECT_NEAR(angular_distance(350 * kDeg, 10 * kDeg), 20 * kDeg, 1e-12);
  EXPECT_NEAR(angular_distance(-170 * kDeg, 170 * kDeg), 20 * kDeg, 1e-12);
  EXPECT_NEAR(angular_distance(0, kPi), kPi, 1e-12);
}

// Random angles in [-pi, pi) (as atan2 gives them) and an error peaked at mu, plus noise.
struct Profile {
  Eigen::VectorXd theta;
  Eigen::VectorXd error;
};
Profile peaked(double mu, Index n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> angle(-kPi, kPi);
  std::uniform_real_distribution<double> noise(0.0, 0.02);
  Profile p{Eigen::VectorXd(n), Eigen::VectorXd(n)};
  for (Index i = 0; i < n; ++i) {
    p.theta(i) = angle(rng);
    p.error(i) = std::exp(8 * (std::cos(p.theta(i) - mu) - 1)) + noise(rng);
  }
  return p;
}

TEST(TopologySeams, CircleSeamFindsThePeakIncludingAcrossTheWrap) {
  const double width = 10 * kDeg;
  for (const double mu_deg : {40.0, 180.0, 359.0, 1.0, -3.0, 200.0}) {
    const double mu = mu_deg * kDeg;
    const Profile p = peaked(mu, 5000, static_cast<std::uint64_t>(mu_deg + 1000));
    const CircleSeam seam = find_circle_seam(p.theta, p.error, width);
    EXPECT_GE(seam.angle, 0.0);
    EXPECT_LT(seam.angle, 2 * kPi);
    EXPECT_LT(angular_distance(seam.angle, mu), 5 * kDeg) << mu_deg;  // noise 0.02 vs curvature 8
    EXPECT_EQ(seam.error, p.error.maxCoeff());
    EXPECT_DOUBLE_EQ(seam.angle, wrap_angle(p.theta(seam.index)));
    // The binned peak is the centre of the bin holding mu, or of a neighbour when mu is near an edge.
    EXPECT_LE(angular_distance(seam.smoothed_angle, mu), width + 1e-12) << mu_deg;
    EXPECT_NEAR(std::fmod(seam.smoothed_angle / width, 1.0), 0.5, 1e-9);  // a bin centre
  }
}

TEST(TopologySeams, AcceptsColumnsOfARowMajorTable) {
  // Score tables are row-major: a column is strided, and is copied into a contiguous vector.
  const Profile p = peaked(2.0, 500, 11);
  Table scores(500, 3);
  scores.col(0) = p.theta;
  scores.col(1) = p.error;
  scores.col(2).setZero();
  const CircleSeam from_table = find_circle_seam(scores.col(0), scores.col(1), 10 * kDeg);
  const CircleSeam from_vectors = find_circle_seam(p.theta, p.error, 10 * kDeg);
  EXPECT_EQ(from_table.index, from_vectors.index);
  EXPECT_EQ(from_table.smoothed_angle, from_vectors.smoothed_angle);
  EXPECT_EQ(find_seam_points(scores.col(1), 0.5).indices, find_seam_points(p.error, 0.5).indices);
}

TEST(TopologySeams, BinsTileTheCircle) {
  const Profile p = peaked(1.0, 1000, 3);
  const CircleSeam seam = find_circle_seam(p.theta, p.error, 7 * kDeg);  // 360 / 7 = 51.4 -> 51 bins
  ASSERT_EQ(seam.bin_mean_error.size(), 51);
  EXPECT_DOUBLE_EQ(seam.bin_width, 2 * kPi / 51);
  Index total = 0;
  double weighted = 0;
  for (Index j = 0; j < 51; ++j) {
    total += seam.bin_count[static_cast<std::size_t>(j)];
    if (seam.bin_count[static_cast<std::size_t>(j)] > 0)
      weighted += seam.bin_mean_error(j) * static_cast<double>(seam.bin_count[static_cast<std::size_t>(j)]);
  }
  EXPECT_EQ(total, 1000);
  EXPECT_NEAR(weighted, p.error.sum(), 1e-9);
  EXPECT_EQ(find_circle_seam(p.theta, p.error, 2 * kPi).bin_mean_error.size(), 1);
}

TEST(TopologySeams, EmptyBinsAreNaNAndNeverTheSeam) {
  // Three points at 5, 95 and 185 degrees; 90-degree bins: the fourth bin is empty.
  const Eigen::VectorXd theta = degrees({5, 95, 185});
  Eigen::VectorXd error(3);
  error << 0.1, 0.3, 0.2;
  const CircleSeam seam = find_circle_seam(theta, error, kPi / 2);
  ASSERT_EQ(seam.bin_mean_error.size(), 4);
  EXPECT_TRUE(std::isnan(seam.bin_mean_error(3)));
  EXPECT_EQ(seam.bin_count[3], 0);
  EXPECT_EQ(seam.index, 1);
  EXPECT_DOUBLE_EQ(seam.smoothed_angle, 135 * kDeg);
  EXPECT_DOUBLE_EQ(seam.smoothed_error, 0.3);
  const auto j = seam.to_json();
  EXPECT_TRUE(j.at("profile").at("mean_error").at(3).is_null());
  EXPECT_EQ(j.at("profile").at("bin_centre").size(), 4u);
}

TEST(TopologySeams, CircularMeanWrapsAround) {
  const CircularSpread s = circular_spread(degrees({350, 10}));
  EXPECT_LT(angular_distance(s.mean, 0.0), 1e-12);
  EXPECT_NEAR(s.resultant_length, std::cos(10 * kDeg), 1e-12);
  EXPECT_NEAR(s.containing_arc, 20 * kDeg, 1e-12);
  EXPECT_NEAR(s.largest_gap, 340 * kDeg, 1e-12);
  EXPECT_NEAR(s.arc_start, 350 * kDeg, 1e-12);
  EXPECT_EQ(s.n, 2);

  const CircularSpread t = circular_spread(degrees({340, 355, 5, 20, -15}));
  EXPECT_NEAR(t.containing_arc, 40 * kDeg, 1e-12);
  EXPECT_NEAR(t.arc_start, 340 * kDeg, 1e-12);
  // Symmetric about 0 (340/20 and 355/5 cancel, -15 pulls left): the mean lies slightly below 0.
  EXPECT_LT(angular_distance(t.mean, 0.0), 10 * kDeg);
  EXPECT_GT(t.mean, kPi);
}

TEST(TopologySeams, EvenlySpreadAnglesHaveNoMeanAndTheWidestArc) {
  for (const Index n : {2, 3, 8, 36}) {
    Eigen::VectorXd a(n);
    for (Index i = 0; i < n; ++i) a(i) = 0.3 + 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
    const CircularSpread s = circular_spread(a);
    EXPECT_NEAR(s.containing_arc, 2 * kPi - 2 * kPi / static_cast<double>(n), 1e-12) << n;
    EXPECT_LT(s.resultant_length, 1e-12) << n;
    EXPECT_TRUE(std::isnan(s.mean)) << n;
    EXPECT_TRUE(s.to_json().at("mean").is_null());
  }
}

TEST(TopologySeams, SingleAngleAndSeedSpreadTest) {
  const CircularSpread one = circular_spread(degrees({-30}));
  EXPECT_EQ(one.containing_arc, 0.0);
  EXPECT_DOUBLE_EQ(one.largest_gap, 2 * kPi);
  EXPECT_NEAR(one.mean, 330 * kDeg, 1e-12);
  EXPECT_NEAR(one.resultant_length, 1.0, 1e-15);

  // Eight seeds, all within 25 degrees across the wrap; then one moves away.
  Eigen::VectorXd seams = degrees({350, 355, 0, 2, 5, 8, 10, 15});
  EXPECT_LT(circular_spread(seams).containing_arc, 30 * kDeg);
  seams(3) = 120 * kDeg;
  EXPECT_GT(circular_spread(seams).containing_arc, 30 * kDeg);
}

TEST(TopologySeams, SeamPointsAreStrictlyAboveTheThreshold) {
  Eigen::VectorXd e(10);
  e << 0, 1, 2, 3, 4, 5, 6, 7, 8, 9;
  const SeamPoints p = find_seam_points(e, 6.5);
  EXPECT_EQ(p.indices, (std::vector<Index>{7, 8, 9}));
  EXPECT_DOUBLE_EQ(p.fraction, 0.3);
  EXPECT_EQ(p.n_points, 10);
  EXPECT_EQ(find_seam_points(e, 7).indices, (std::vector<Index>{8, 9}));  // equal is not above
  EXPECT_EQ(find_seam_points(e, 9).fraction, 0.0);
  e(4) = std::numeric_limits<double>::infinity();
  EXPECT_EQ(find_seam_points(e, 6.5).indices, (std::vector<Index>{4, 7, 8, 9}));
  const auto j = find_seam_points(e, 6.5).to_json();
  EXPECT_EQ(j.at("n_above").get<Index>(), 4);
  EXPECT_EQ(j.at("indices").size(), 4u);
}

TEST(TopologySeams, BadInputThrows) {
  const Eigen::VectorXd theta = degrees({1, 2, 3});
  const Eigen::VectorXd error = Eigen::VectorXd::Ones(3);
  EXPECT_THROW(find_circle_seam(theta, Eigen::VectorXd::Ones(2), 0.1), InputError);
  EXPECT_THROW(find_circle_seam(theta, error, 0.0), InputError);
  EXPECT_THROW(find_circle_seam(theta, error, 7.0), InputError);
  EXPECT_THROW(find_circle_seam(theta, error, std::numeric_limits<double>::quiet_NaN()), InputError);
  EXPECT_THROW(find_circle_seam(Eigen::VectorXd(0), Eigen::VectorXd(0), 0.1), InputError);
  Eigen::VectorXd bad = error;
  bad(1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(find_circle_seam(theta, bad, 0.1), InputError);
  EXPECT_THROW(find_circle_seam(bad, error, 0.1), InputError);
  EXPECT_THROW(circular_spread(bad), InputError);
  EXPECT_THROW(circular_spread(Eigen::VectorXd(0)), InputError);
  EXPECT_THROW(find_seam_points(bad, 0.5), InputError);
  EXPECT_THROW(find_seam_points(error, std::numeric_limits<double>::quiet_NaN()), InputError);
}

}  // namespace
}  // namespace topae::topology
