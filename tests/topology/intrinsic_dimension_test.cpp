#include "topae/topology/intrinsic_dimension.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/sphere.hpp"

namespace topae::topology {
namespace {

// n points uniform on the flat d-torus, embedded in R^(2d) by (cos, sin) of each angle: a
// d-manifold of uniform density without boundary, the TwoNN model exactly up to curvature.
Table flat_torus(Index n, int d, std::uint64_t seed) {
  RandomStream rng(seed, 0);
  Table t(n, 2 * d);
  for (Index i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) {
      const double a = 2 * std::numbers::pi * rng.uniform();
      t(i, 2 * j) = std::cos(a);
      t(i, 2 * j + 1) = std::sin(a);
    }
  }
  return t;
}

TEST(TwoNN, FindsTheDimensionOfFlatToriWithinItsStatisticalError) {
  for (int d = 1; d <= 4; ++d) {
    SCOPED_TRACE(d);
    const auto e = two_nn(nearest_neighbours(flat_torus(4000, d, 10 + d), 2));
    // The estimate's standard error is d / sqrt(m), m = 3600 uncensored ratios; 3 of them
    // (a 0.3 % fluke) also cover the small bias the embedding's curvature adds at larger d.
    EXPECT_NEAR(e.dimension, d, 3 * d / std::sqrt(3600.0));
    EXPECT_LT(e.low, e.dimension);
    EXPECT_GT(e.high, e.dimension);
    // The 95 % interval is about +-1.96 standard errors wide.
    EXPECT_NEAR((e.high - e.low) / e.dimension, 2 * 1.96 / std::sqrt(3600.0), 0.005);
    EXPECT_EQ(e.points, 4000);
  }
}

TEST(TwoNN, FindsTheSuiteManifoldsDimension) {
  data::CircleSpec circle;
  circle.n = 3000;
  circle.seed = 3;
  const auto c = data::generate_circle(circle);
  const auto ec = two_nn(nearest_neighbours(c.select({"x", "y"}, "circle"), 2));
  EXPECT_LE(ec.low, 1.0);
  EXPECT_GE(ec.high, 1.0);
  data::SphereSpec sphere;
  sphere.n = 3000;
  sphere.seed = 4;
  const auto s = data::generate_sphere(sphere);
  const auto es = two_nn(nearest_neighbours(s.select({"x", "y", "z"}, "sphere"), 2));
  EXPECT_LE(es.low, 2.0);
  EXPECT_GE(es.high, 2.0);
}

TEST(TwoNN, RefusesDuplicatesAndABadDiscard) {
  Table t = flat_torus(100, 1, 1);
  EXPECT_THROW(two_nn(nearest_neighbours(t, 2), 1.0), InputError);
  t.row(3) = t.row(4);
  EXPECT_THROW(two_nn(nearest_neighbours(t, 2)), InputError);
}

TEST(LevinaBickel, IsNearTheDimensionOverARangeOfNeighbourhoods) {
  // 4000 points: each d_k averages 4000 nearly independent estimates (relative error ~
  // 1 / sqrt(4000 (k - 1)) < 1 %); 5 % leaves room for the small-k bias of the (k - 1) form.
  for (int d = 1; d <= 3; ++d) {
    SCOPED_TRACE(d);
    const auto curve = levina_bickel(nearest_neighbours(flat_torus(4000, d, 20 + d), 20), 5, 20);
    ASSERT_EQ(curve.size(), 16u);
    for (const auto& p : curve) EXPECT_NEAR(p.dimension, d, 0.05 * d) << "k = " << p.k;
  }
}

TEST(LevinaBickel, RefusesARangeBeyondTheNeighbours) {
  const auto nb = nearest_neighbours(flat_torus(100, 1, 2), 5);
  EXPECT_THROW(levina_bickel(nb, 1, 5), InputError);
  EXPECT_THROW(levina_bickel(nb, 3, 6), InputError);
  EXPECT_THROW(levina_bickel(nb, 4, 3), InputError);
}

TEST(LocalPca, APlaneInFiveDimensionsHasTwoComponents) {
  RandomStream rng(31, 0);
  // Points on a tilted 2-plane of R^5: every neighbourhood's covariance has rank 2.
  const Eigen::RowVectorXd a{{1, 2, 0, -1, 0.5}}, b{{0, 1, 3, 1, -2}};
  Table p(1000, 5);
  for (Index i = 0; i < p.rows(); ++i) {
    const double u = rng.uniform(), v = rng.uniform();
    p.row(i) = u * a + v * b;
  }
  const auto s = local_pca(p, nearest_neighbours(p, 10), 10);
  ASSERT_EQ(s.explained.size(), 5u);
  EXPECT_NEAR(s.explained[0] + s.explained[1], 1.0, 1e-9);
  EXPECT_GE(s.explained[0], s.explained[1]);
  EXPECT_EQ(s.components_for(0.999), 2);
}

TEST(LocalPca, SmallNeighbourhoodsOfFlatToriSpanTheirDimension) {
  for (int d = 1; d <= 3; ++d) {
    SCOPED_TRACE(d);
    const Table t = flat_torus(4000, d, 40 + d);
    const auto s = local_pca(t, nearest_neighbours(t, 10), 10);
    // The first d components carry almost all the variance; the curvature of the (cos, sin)
    // circles, of relative size (r / 2)^2 over a neighbourhood of radius r, the rest.
    EXPECT_EQ(s.components_for(0.9), d);
  }
}

TEST(LocalPca, RefusesAKBeyondTheNeighbours) {
  const Table t = flat_torus(100, 1, 3);
  const auto nb = nearest_neighbours(t, 5);
  EXPECT_THROW(local_pca(t, nb, 6), InputError);
  EXPECT_THROW(local_pca(t.topRows(50), nb, 5), InputError);
}

}  // namespace
}  // namespace topae::topology
