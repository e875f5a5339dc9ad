#include "topae/topology/neighbours.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::topology {
namespace {

Table uniform_points(Index n, Index dim, std::uint64_t seed) {
  RandomStream rng(seed, 0);
  Table t(n, dim);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < dim; ++j) t(i, j) = rng.uniform();
  return t;
}

TEST(NearestNeighbours, AgreeWithBruteForce) {
  const Table p = uniform_points(300, 3, 5);
  const Index k = 7;
  const auto nb = nearest_neighbours(p, k);
  for (Index i = 0; i < p.rows(); ++i) {
    std::vector<double> d;
    for (Index j = 0; j < p.rows(); ++j)
      if (j != i) d.push_back((p.row(i) - p.row(j)).norm());
    std::sort(d.begin(), d.end());
    for (Index m = 0; m < k; ++m) {
      EXPECT_NEAR(nb.distance(i, m), d[static_cast<std::size_t>(m)], 1e-12) << i << " " << m;
      EXPECT_NE(nb.index(i, m), i);
      EXPECT_NEAR((p.row(i) - p.row(nb.index(i, m))).norm(), nb.distance(i, m), 1e-12);
    }
  }
}

TEST(NearestNeighbours, ADuplicateIsANeighbourAtDistanceZeroAndNeverThePointItself) {
  Table p = uniform_points(50, 2, 9);
  p.row(10) = p.row(20);
  const auto nb = nearest_neighbours(p, 3);
  EXPECT_EQ(nb.index(10, 0), 20);
  EXPECT_EQ(nb.distance(10, 0), 0.0);
  EXPECT_EQ(nb.index(20, 0), 10);
  for (Index i = 0; i < p.rows(); ++i)
    for (Index m = 0; m < 3; ++m) EXPECT_NE(nb.index(i, m), i);
}

TEST(NearestNeighbours, RefuseTooFewPointsAndNonFiniteValues) {
  const Table p = uniform_points(5, 2, 1);
  EXPECT_THROW(nearest_neighbours(p, 5), InputError);
  EXPECT_THROW(nearest_neighbours(p, 0), InputError);
  Table bad = p;
  bad(2, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(nearest_neighbours(bad, 2), InputError);
}

// With eps, each neighbour found is a true distance to another point, the list ascends, and
// the m-th is never nearer than the exact m-th nor farther than sqrt(1 + eps) times the
// exact k-th (nanoflann prunes on squared distances).
TEST(NearestNeighbours, ApproximateSearchFindsNearPointsWithinItsBound) {
  const Table p = uniform_points(2000, 4, 3);
  const Index k = 8;
  const double eps = 1.0;
  const auto exact = nearest_neighbours(p, k);
  const auto approx = nearest_neighbours(p, k, eps);
  Index differ = 0;
  for (Index i = 0; i < p.rows(); ++i) {
    for (Index m = 0; m < k; ++m) {
      EXPECT_NE(approx.index(i, m), i);
      EXPECT_NEAR((p.row(i) - p.row(approx.index(i, m))).norm(), approx.distance(i, m), 1e-12);
      EXPECT_GE(approx.distance(i, m), exact.distance(i, m) - 1e-12);
      EXPECT_LE(approx.distance(i, m), std::sqrt(1 + eps) * exact.distance(i, k - 1) + 1e-12);
      if (m > 0) {
        EXPECT_GE(approx.distance(i, m), approx.distance(i, m - 1));
      }
      differ += approx.index(i, m) != exact.index(i, m);
    }
  }
  EXPECT_GT(differ, 0);  // it is approximate: some neighbours differ
  const auto zero = nearest_neighbours(p, k, 0.0);
  EXPECT_EQ(zero.index, exact.index);
  EXPECT_THROW(nearest_neighbours(p, k, -0.5), InputError);
  EXPECT_THROW(nearest_neighbours(p, k, std::numeric_limits<double>::infinity()), InputError);
}

}  // namespace
}  // namespace topae::topology
