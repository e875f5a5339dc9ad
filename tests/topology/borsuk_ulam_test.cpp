#include "topae/topology/borsuk_ulam.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "topae/core/error.hpp"

namespace topae::topology {
namespace {

// n points on the circle of radius r, angles 2 pi j / n.
Table circle(Index n, double r = 1.0) {
  Table x(n, 2);
  for (Index j = 0; j < n; ++j) {
    const double t = 2 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(n);
    x(j, 0) = r * std::cos(t);
    x(j, 1) = r * std::sin(t);
  }
  return x;
}

TEST(TopologyBorsukUlam, CollapsingAutoencoderProvesTheRadius) {
  // r = D o E sends everything to one point c: r(x) = r(-x), so every pair proves |x - (-x)| / 2 = 1.
  const Table x = circle(64);
  const Table ax = -x;
  for (const Eigen::RowVector2d& c : {Eigen::RowVector2d(0, 0), Eigen::RowVector2d(0.3, -0.7)}) {
    const Table r = c.replicate(64, 1);
    const auto cert = borsuk_ulam_certificate(x, ax, r, r);
    EXPECT_NEAR(cert.best.bound, 1.0, 1e-15);
    EXPECT_NEAR(cert.best.separation, 2.0, 1e-15);
    EXPECT_EQ(cert.best.reconstruction_separation, 0.0);
    EXPECT_GE(cert.best.max_error(), cert.best.bound - 1e-15);
    EXPECT_NEAR(cert.floor, 1.0, 1e-15);
    EXPECT_GE(cert.max_error, 1.0 - 1e-15);
    EXPECT_EQ(cert.n_pairs, 64);
    EXPECT_FALSE(cert.closest_latent.has_value());
    if (c.isZero()) {
      EXPECT_NEAR(cert.best.error, 1.0, 1e-15);
      EXPECT_NEAR(cert.best.image_error, 1.0, 1e-15);
      EXPECT_NEAR(cert.max_error, 1.0, 1e-15);
    }
  }
}

TEST(TopologyBorsukUlam, IdentityAutoencoderProvesNothing) {
  const Table x = circle(32);
  const Table ax = -x;
  const auto cert = borsuk_ulam_certificate(x, ax, x, ax);
  EXPECT_LE(cert.best.bound, 0.0);
  EXPECT_EQ(cert.best.error, 0.0);
  EXPECT_EQ(cert.best.image_error, 0.0);
  EXPECT_EQ(cert.max_error, 0.0);
  EXPECT_NEAR(cert.floor, 1.0, 1e-15);  // the floor is a property of the data, not of the network
}

TEST(TopologyBorsukUlam, FloorIsHalfTheSmallestSeparation) {
  for (const double r : {1.0, 3.0}) {
    const Table x = circle(50, r);
    const auto cert = borsuk_ulam_certificate(x, -x, x, -x);
    EXPECT_NEAR(cert.floor, r, 1e-14) << "radius " << r;
  }
  // A non-antipodal "involution" leaves the floor at the closest pair: x -> x + (0, s_i).
  Table x(3, 1);
  x << 0, 1, 2;
  Table ax(3, 1);
  ax << 4, 1.5, 7;
  const auto cert = borsuk_ulam_certificate(x, ax, x, ax);
  EXPECT_DOUBLE_EQ(cert.floor, 0.25);
}

TEST(TopologyBorsukUlam, BoundIsTheBestTriangleInequalityAndNeverExceedsTheError) {
  // Random points and reconstructions: the triangle inequality holds for any four points, so
  // the bound is never above the pair's actual error; the reported pair is the argmax of an
  // independently computed bound.
  std::mt19937_64 rng(12345);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> scale(0.01, 3.0);
  for (int trial = 0; trial < 300; ++trial) {
    const Index n = 1 + trial % 17;
    const Index d = 1 + trial % 6;
    Table x(n, d), ax(n, d), rx(n, d), rax(n, d);
    const double s = scale(rng);
    for (Table* t : {&x, &ax, &rx, &rax})
      for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j) (*t)(i, j) = s * normal(rng);
    if (trial % 3 == 0) ax = -x;  // a true involution in a third of the cases
    const auto cert = borsuk_ulam_certificate(x, ax, rx, rax);

    double best = -std::numeric_limits<double>::infinity();
    double max_error = 0;
    double floor = std::numeric_limits<double>::infinity();
    for (Index i = 0; i < n; ++i) {
      double sep = 0, rsep = 0, e = 0, ea = 0;
      for (Index j = 0; j < d; ++j) {
        sep += (x(i, j) - ax(i, j)) * (x(i, j) - ax(i, j));
        rsep += (rx(i, j) - rax(i, j)) * (rx(i, j) - rax(i, j));
        e += (x(i, j) - rx(i, j)) * (x(i, j) - rx(i, j));
        ea += (ax(i, j) - rax(i, j)) * (ax(i, j) - rax(i, j));
      }
      const double bound = (std::sqrt(sep) - std::sqrt(rsep)) / 2;
      EXPECT_LE(bound, std::max(std::sqrt(e), std::sqrt(ea)) + 1e-12);
      best = std::max(best, bound);
      max_error = std::max({max_error, std::sqrt(e), std::sqrt(ea)});
      floor = std::min(floor, std::sqrt(sep) / 2);
    }
    EXPECT_NEAR(cert.best.bound, best, 1e-12 * s);
    EXPECT_LE(cert.best.bound, cert.best.max_error() + 1e-12 * s);
    EXPECT_LE(cert.best.bound, cert.max_error + 1e-12 * s);
    EXPECT_NEAR(cert.max_error, max_error, 1e-12 * s);
    EXPECT_NEAR(cert.floor, floor, 1e-12 * s);
    ASSERT_GE(cert.best.index, 0);
    ASSERT_LT(cert.best.index, n);
  }
}

TEST(TopologyBorsukUlam, ProjectionAutoencoderIsCaughtAtItsLatentCoincidence) {
  // E(x) = x_1 (k = 1), D(z) = (z, sqrt(1 - z^2)): the circle folded onto its upper half.
  // E(x) = E(-x) where x_1 = 0 (theta = pi/2, 3 pi/2); there r(x) = r(-x) = (0, 1), the pair
  // proves 1 and the lower point has error 2. Every pair proves 1 - |x_1|.
  const Index n = 64;
  const Table x = circle(n);
  const Table ax = -x;
  const auto encode = [](const Table& p) { return Table(p.col(0)); };
  const auto decode = [](const Table& z) {
    Table r(z.rows(), 2);
    for (Index i = 0; i < z.rows(); ++i) {
      r(i, 0) = z(i, 0);
      r(i, 1) = std::sqrt(std::max(0.0, 1 - z(i, 0) * z(i, 0)));
    }
    return r;
  };
  const Table z = encode(x);
  const Table za = encode(ax);
  const auto cert = borsuk_ulam_certificate(x, ax, decode(z), decode(za), z, za);

  ASSERT_TRUE(cert.closest_latent.has_value());
  const auto& pair = *cert.closest_latent;
  EXPECT_TRUE(pair.index == n / 4 || pair.index == 3 * n / 4) << pair.index;
  EXPECT_LT(pair.latent_distance, 1e-15);
  EXPECT_NEAR(pair.bound, 1.0, 1e-12);
  EXPECT_NEAR(pair.max_error(), 2.0, 1e-12);
  EXPECT_GE(cert.best.bound, pair.bound);
  EXPECT_NEAR(cert.best.bound, 1.0, 1e-12);
  EXPECT_FALSE(std::isnan(cert.best.latent_distance));
  for (Index i = 0; i < n; i += 5) {
    const auto one = borsuk_ulam_certificate(x.row(i), ax.row(i), decode(z.row(i)), decode(za.row(i)));
    EXPECT_NEAR(one.best.bound, 1 - std::abs(x(i, 0)), 1e-12) << "row " << i;
  }

  const auto closest = closest_latent_pair(z, za);
  EXPECT_EQ(closest.index, pair.index);
  EXPECT_EQ(closest.distance, pair.latent_distance);
}

TEST(TopologyBorsukUlam, ClosestLatentPairIsTheArgminFirstOnTies) {
  Table z(4, 2);
  z << 0, 0, 1, 1, 2, 2, 3, 3;
  Table za(4, 2);
  za << 1, 0, 1, 1.5, 2, 1.5, 3, 4;  // distances 1, 0.5, 0.5, 1
  const auto c = closest_latent_pair(z, za);
  EXPECT_EQ(c.index, 1);
  EXPECT_DOUBLE_EQ(c.distance, 0.5);
}

TEST(TopologyBorsukUlam, JsonNamesEveryNumber) {
  const Table x = circle(8);
  const Table r = Table::Zero(8, 2);
  const auto j = borsuk_ulam_certificate(x, -x, r, r).to_json();
  EXPECT_NEAR(j.at("floor").get<double>(), 1.0, 1e-15);
  EXPECT_NEAR(j.at("best").at("bound").get<double>(), 1.0, 1e-15);
  EXPECT_TRUE(j.at("closest_latent").is_null());
  EXPECT_TRUE(j.at("best").at("latent_distance").is_null());  // NaN: no latent codes
  for (const char* key : {"index", "bound", "separation", "reconstruction_separation", "error", "image_error",
                          "max_error"})
    EXPECT_TRUE(j.at("best").contains(key)) << key;
  EXPECT_EQ(j.at("n_pairs").get<Index>(), 8);
}

TEST(TopologyBorsukUlam, BadShapesAndValuesThrow) {
  const Table x = circle(10);
  const Table ax = -x;
  EXPECT_THROW(borsuk_ulam_certificate(x, ax, x, Table::Zero(10, 3)), InputError);
  EXPECT_THROW(borsuk_ulam_certificate(x, ax.topRows(9), x, ax), InputError);
  EXPECT_THROW(borsuk_ulam_certificate(x, ax, x.leftCols(1), ax), InputError);
  EXPECT_THROW(borsuk_ulam_certificate(Table(0, 2), Table(0, 2), Table(0, 2), Table(0, 2)), InputError);
  Table bad = x;
  bad(3, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(borsuk_ulam_certificate(x, ax, bad, ax), InputError);
  bad(3, 1) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(borsuk_ulam_certificate(bad, ax, x, ax), InputError);
  // Latent codes: same shape as each other, one row per event.
  EXPECT_THROW(borsuk_ulam_certificate(x, ax, x, ax, Table::Zero(10, 1), Table::Zero(10, 2)), InputError);
  EXPECT_THROW(borsuk_ulam_certificate(x, ax, x, ax, Table::Zero(9, 1), Table::Zero(9, 1)), InputError);
  EXPECT_THROW(closest_latent_pair(Table::Zero(3, 2), Table::Zero(4, 2)), InputError);
  EXPECT_THROW(closest_latent_pair(Table(0, 2), Table(0, 2)), InputError);
  try {
    borsuk_ulam_certificate(x, ax, x, Table::Zero(10, 3));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("10 x 3"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace topae::topology
