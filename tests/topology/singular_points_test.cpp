#include "topae/topology/singular_points.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/double_cone.hpp"
#include "topae/data/generators/paraboloid.hpp"
#include "topae/data/generators/sphere.hpp"
#include "topae/data/generators/torus.hpp"
#include "topae/data/standardizer.hpp"

namespace topae::topology {
namespace {

constexpr Index kShell = kShellNeighbours;

SingularPoints singular(const data::Dataset& ds, int d) {
  const Table raw = ds.select(ds.feature_columns(), "test");
  const Table points = data::Standardizer::fit(raw).standardize(raw);
  return find_singular_points(points, nearest_neighbours(points, kShell), d);
}

template <typename Spec>
Spec spec(Index n, std::uint64_t seed) {
  Spec s;
  s.n = n;
  s.seed = seed;
  return s;
}

TEST(SingularPoints, TheDoubleConesApexIsFoundAndNothingElse) {
  for (std::uint64_t seed : {1, 2, 3}) {
    const auto ds = data::generate_double_cone(spec<data::DoubleConeSpec>(10000, seed));
    const SingularPoints s = singular(ds, 2);
    EXPECT_TRUE(s.found) << "seed " << seed << ": largest group " << s.largest_group.size();
    // Every point of the group lies next to the apex, the origin (the shell's radius is about 0.2).
    const Table raw = ds.select(ds.feature_columns(), "test");
    for (const Index i : s.largest_group) EXPECT_LT(raw.row(i).norm(), 0.1) << "seed " << seed << " row " << i;
  }
}

TEST(SingularPoints, SmoothManifoldsHaveNone) {
  for (std::uint64_t seed : {1, 2}) {
    EXPECT_FALSE(singular(data::generate_sphere(spec<data::SphereSpec>(10000, seed)), 2).found) << seed;
    EXPECT_FALSE(singular(data::generate_torus(spec<data::TorusSpec>(10000, seed)), 2).found) << seed;
    // The paraboloid has two boundary circles; a boundary is not a singular point.
    EXPECT_FALSE(singular(data::generate_paraboloid(spec<data::ParaboloidSpec>(10000, seed)), 2).found) << seed;
    EXPECT_FALSE(singular(data::generate_circle(spec<data::CircleSpec>(4000, seed)), 1).found) << seed;
  }
}

TEST(SingularPoints, ABranchPointOfCurvesIsFound) {
  // Three segments from the origin (a "Y"): the origin's shell has three pieces.
  Table y(3000, 2);
  for (Index i = 0; i < y.rows(); ++i) {
    const double angle = 2.0943951023931953 * static_cast<double>(i % 3);
    const double t = static_cast<double>(i / 3 + 1) / 1000.0;
    y(i, 0) = t * std::cos(angle);
    y(i, 1) = t * std::sin(angle);
  }
  const SingularPoints s = find_singular_points(y, nearest_neighbours(y, kShell), 1);
  EXPECT_TRUE(s.found);
  for (const Index i : s.largest_group) EXPECT_LT(y.row(i).norm(), 0.1) << "row " << i;
}

TEST(SingularPoints, AMissIsConclusiveOnlyWithoutNearMissesAndBelowTheNoise) {
  const auto ds = data::generate_sphere(spec<data::SphereSpec>(10000, 1));
  const Table raw = ds.select(ds.feature_columns(), "test");
  const Table points = data::Standardizer::fit(raw).standardize(raw);
  const Neighbours nb = nearest_neighbours(points, kShell);
  SingularPointSettings settings;
  const SingularPoints clean = find_singular_points(points, nb, 2, settings);
  ASSERT_FALSE(clean.found);
  EXPECT_GT(clean.shell_radius, nb.distance.col(kShell - 1).minCoeff());
  EXPECT_LT(clean.shell_radius, nb.distance.col(kShell - 1).maxCoeff());
  EXPECT_EQ(clean.conclusive, clean.flagged.empty());
  settings.noise_scale = clean.shell_radius / 8;  // the edge still counts
  EXPECT_EQ(find_singular_points(points, nb, 2, settings).conclusive, clean.flagged.empty());
  settings.noise_scale = clean.shell_radius / 7;
  EXPECT_FALSE(find_singular_points(points, nb, 2, settings).conclusive);
  settings.noise_scale = -1;
  EXPECT_THROW(find_singular_points(points, nb, 2, settings), InputError);

  // A found singular point is conclusive whatever the noise.
  const auto cone = data::generate_double_cone(spec<data::DoubleConeSpec>(10000, 1));
  const Table cone_raw = cone.select(cone.feature_columns(), "test");
  const Table cone_points = data::Standardizer::fit(cone_raw).standardize(cone_raw);
  settings.noise_scale = 1e9;
  const SingularPoints apex = find_singular_points(cone_points, nearest_neighbours(cone_points, kShell), 2, settings);
  EXPECT_TRUE(apex.found && apex.conclusive);
}

TEST(SingularPoints, RefusesTooFewNeighboursAndABadDimension) {
  const Table points = Table::Random(50, 3);
  EXPECT_THROW(find_singular_points(points, nearest_neighbours(points, 16), 2), InputError);
  EXPECT_THROW(find_singular_points(points, nearest_neighbours(points, 40), 0), InputError);
}

}  // namespace
}  // namespace topae::topology
