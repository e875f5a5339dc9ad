#include "topae/topology/winding_number.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>
#include <vector>

#include "topae/core/error.hpp"

namespace topae::topology {
namespace {

constexpr double kPi = std::numbers::pi;

// n points of the curve t -> f(t) at t = t0 + (t1 - t0) j / n, j = 0..n-1.
template <class F>
Table sample(Index n, double t0, double t1, F f) {
  Table x(n, 2);
  for (Index j = 0; j < n; ++j) {
    const Eigen::Vector2d p = f(t0 + (t1 - t0) * static_cast<double>(j) / static_cast<double>(n));
    x(j, 0) = p.x();
    x(j, 1) = p.y();
  }
  return x;
}

Eigen::Vector2d unit(double t) { return {std::cos(t), std::sin(t)}; }

TEST(TopologyWindingNumber, CircleCounterClockwiseIsPlusOneClockwiseMinusOne) {
  for (const Index n : {3, 4, 64, 1000}) {
    const auto ccw = winding_number(sample(n, 0, 2 * kPi, unit));
    EXPECT_EQ(ccw.winding, 1) << n;
    EXPECT_NEAR(ccw.turns, 1.0, 1e-12);
    // The nearest points of a regular n-gon to its centre are the edge midpoints.
    EXPECT_NEAR(ccw.min_distance, std::cos(kPi / static_cast<double>(n)), 1e-12) << n;
    EXPECT_NEAR(ccw.point.norm(), 0.0, 1e-12);  // the centroid
    EXPECT_EQ(ccw.n_points, n);

    const auto cw = winding_number(sample(n, 2 * kPi, 0, unit));
    EXPECT_EQ(cw.winding, -1) << n;
    EXPECT_NEAR(cw.turns, -1.0, 1e-12);
  }
}

TEST(TopologyWindingNumber, TraversedTwiceIsTwoAndThriceBackwardsMinusThree) {
  EXPECT_EQ(winding_number(sample(200, 0, 4 * kPi, unit)).winding, 2);
  const auto w = winding_number(sample(300, 0, -6 * kPi, unit));
  EXPECT_EQ(w.winding, -3);
  EXPECT_NEAR(w.turns, -3.0, 1e-12);
}

TEST(TopologyWindingNumber, CurveNotEnclosingThePointIsZero) {
  const auto shifted = [](double t) { return Eigen::Vector2d(5 + std::cos(t), std::sin(t)); };
  const auto w = winding_number(sample(64, 0, 2 * kPi, shifted), Eigen::Vector2d(0, 0));
  EXPECT_EQ(w.winding, 0);
  EXPECT_NEAR(w.turns, 0.0, 1e-12);
  EXPECT_NEAR(w.min_distance, 4.0, 1e-12);  // the vertex (4, 0) at t = pi
  // Around its own centroid it winds once.
  const auto own = winding_number(sample(64, 0, 2 * kPi, shifted));
  EXPECT_EQ(own.winding, 1);
  EXPECT_NEAR(own.point.x(), 5.0, 1e-12);
  EXPECT_NEAR(own.point.y(), 0.0, 1e-12);
}

TEST(TopologyWindingNumber, FigureEightLobesWindOppositeWays) {
  // (sin t, sin t cos t): the right lobe (t in (0, pi)) runs clockwise around (1/2, 0), the
  // left lobe counter-clockwise around (-1/2, 0); both pass through the origin.
  const auto eight = [](double t) { return Eigen::Vector2d(std::sin(t), std::sin(t) * std::cos(t)); };
  const Table curve = sample(400, 0, 2 * kPi, eight);
  EXPECT_EQ(winding_number(curve, Eigen::Vector2d(0.5, 0)).winding, -1);
  EXPECT_EQ(winding_number(curve, Eigen::Vector2d(-0.5, 0)).winding, 1);
  EXPECT_EQ(winding_number(curve, Eigen::Vector2d(0, 0.6)).winding, 0);
  // At the crossing the number is meaningless, and min_distance says so.
  EXPECT_EQ(winding_number(curve, Eigen::Vector2d(0, 0)).min_distance, 0.0);
}

TEST(TopologyWindingNumber, MinDistanceMeasuresEdgesNotOnlyVertices) {
  Table square(4, 2);
  square << 0, 0, 2, 0, 2, 2, 0, 2;
  const auto w = winding_number(square, Eigen::Vector2d(0.5, 1));
  EXPECT_EQ(w.winding, 1);
  EXPECT_DOUBLE_EQ(w.min_distance, 0.5);  // to the closing edge (0, 2) -> (0, 0); vertices are >= 1.118 away
  EXPECT_EQ(winding_number(square, Eigen::Vector2d(3, 1)).winding, 0);
  EXPECT_DOUBLE_EQ(winding_number(square, Eigen::Vector2d(3, 1)).min_distance, 1.0);
  EXPECT_EQ(winding_number(square, Eigen::Vector2d(1, 0)).min_distance, 0.0);  // on an edge
}

TEST(TopologyWindingNumber, OrderByParameterRebuildsTheLoopFromShuffledPoints) {
  const Index n = 97;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> angle(-kPi, kPi);
  Eigen::VectorXd theta(n);
  Table points(n, 2);
  for (Index i = 0; i < n; ++i) {
    theta(i) = angle(rng);
    points(i, 0) = std::cos(theta(i));
    points(i, 1) = std::sin(theta(i));
  }
  const Table ordered = order_by_parameter(points, theta);
  for (Index i = 1; i < n; ++i) {
    EXPECT_LE(std::atan2(ordered(i - 1, 1), ordered(i - 1, 0)), std::atan2(ordered(i, 1), ordered(i, 0)) + 1e-15);
  }
  EXPECT_EQ(winding_number(ordered).winding, 1);
  EXPECT_EQ(winding_number(order_by_parameter(points, -theta)).winding, -1);
  // The same angles wrapped into [0, 2 pi): another starting point, the same loop.
  Eigen::VectorXd wrapped = theta;
  for (Index i = 0; i < n; ++i)
    if (wrapped(i) < 0) wrapped(i) += 2 * kPi;
  EXPECT_EQ(winding_number(order_by_parameter(points, wrapped)).winding, 1);
}

TEST(TopologyWindingNumber, OrderByParameterIsStableAndKeepsRows) {
  Table p(4, 3);
  p << 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4;
  Eigen::VectorXd t(4);
  t << 0.5, 0.1, 0.5, -1;
  const Table s = order_by_parameter(p, t);
  Table expected(4, 3);
  expected << 4, 4, 4, 2, 2, 2, 1, 1, 1, 3, 3, 3;
  EXPECT_EQ(s, expected);
}

TEST(TopologyWindingNumber, JsonAndBadInput) {
  const auto j = winding_number(sample(16, 0, 2 * kPi, unit)).to_json();
  EXPECT_EQ(j.at("winding").get<int>(), 1);
  EXPECT_EQ(j.at("point").size(), 2u);
  EXPECT_EQ(j.at("n_points").get<Index>(), 16);

  EXPECT_THROW(winding_number(Table::Zero(5, 3)), InputError);
  EXPECT_THROW(winding_number(Table(0, 2)), InputError);
  Table bad = sample(8, 0, 2 * kPi, unit);
  bad(2, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(winding_number(bad), InputError);
  EXPECT_THROW(winding_number(sample(8, 0, 2 * kPi, unit), Eigen::Vector2d(std::numeric_limits<double>::infinity(), 0)),
               InputError);
  EXPECT_THROW(order_by_parameter(Table::Zero(5, 2), Eigen::VectorXd::Zero(4)), InputError);
  Eigen::VectorXd t = Eigen::VectorXd::Zero(5);
  t(1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(order_by_parameter(Table::Zero(5, 2), t), InputError);
}

}  // namespace
}  // namespace topae::topology
