#include "topae/topology/antipodal_symmetry.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/data/generators/sphere.hpp"

namespace topae::topology {
namespace {

Table sphere(Index n, std::uint64_t seed) {
  data::SphereSpec s;
  s.n = n;
  s.seed = seed;
  const auto ds = data::generate_sphere(s);
  return ds.select(ds.feature_columns(), "test");
}

TEST(AntipodalSymmetry, TheSpheresAntipodalMapHolds) {
  for (std::uint64_t seed : {1, 2}) {
    const Table x = sphere(4000, seed);
    const AntipodalSymmetry s = antipodal_symmetry(x, -x);
    EXPECT_TRUE(s.holds()) << s.to_json().dump();
    EXPECT_NEAR(s.min_separation, 2.0, 1e-9) << "|x - (-x)| = 2 on the unit sphere";
  }
}

TEST(AntipodalSymmetry, AHemisphereIsNotSymmetric) {
  const Table all = sphere(8000, 3);
  std::vector<Index> upper;
  for (Index i = 0; i < all.rows(); ++i)
    if (all(i, 2) > 0.2) upper.push_back(i);
  const Table x = all(upper, Eigen::all);
  EXPECT_FALSE(antipodal_symmetry(x, -x).symmetric);
}

TEST(AntipodalSymmetry, ABallIsSymmetricWithAFixedPoint) {
  // Uniform in the unit ball: -x is another point of the ball, but the centre is fixed.
  RandomStream rng(4, 0);
  Table x(4000, 3);
  for (Index i = 0; i < x.rows();) {
    for (Index j = 0; j < 3; ++j) x(i, j) = 2 * rng.uniform() - 1;
    if (x.row(i).norm() <= 1) ++i;  // else drawn again
  }
  const AntipodalSymmetry s = antipodal_symmetry(x, -x);
  EXPECT_TRUE(s.symmetric);
  EXPECT_FALSE(s.no_fixed_points);
  EXPECT_FALSE(s.holds());
}

TEST(AntipodalSymmetry, RefusesMismatchedShapes) {
  const Table x = Table::Random(20, 3);
  EXPECT_THROW(antipodal_symmetry(x, Table::Random(20, 2)), InputError);
}

}  // namespace
}  // namespace topae::topology
