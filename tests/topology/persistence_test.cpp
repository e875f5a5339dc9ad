#include "topae/topology/persistence.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/double_cone.hpp"
#include "topae/data/generators/paraboloid.hpp"
#include "topae/data/generators/sphere.hpp"
#include "topae/data/generators/torus.hpp"
#include "topae/data/generators/trefoil.hpp"
#include "topae/data/standardizer.hpp"
#include "topae/topology/landmarks.hpp"
#include "topae/topology/neighbours.hpp"

namespace topae::topology {
namespace {

#define SKIP_WITHOUT_GUDHI()                                                                  \
  if (!persistence_available()) GTEST_SKIP() << "topae was built without GUDHI (libgudhi-dev): " \
                                                "no landmarks, no persistent homology"

constexpr double kInf = std::numeric_limits<double>::infinity();

// The feature columns of a generated sample, z-scored per column as the audit does.
Table standardized(const data::Dataset& d) {
  const Table t = d.select(d.feature_columns(), "test");
  return data::Standardizer::fit(t).standardize(t);
}

// n points of the unit circle with Gaussian noise of sd `noise`, standardized.
Table circle_sample(Index n, std::uint64_t seed, double noise = 0) {
  data::CircleSpec c;
  c.n = n;
  c.seed = seed;
  c.noise = noise;
  return standardized(data::generate_circle(c));
}

// n points of the torus R = 2, r = 1 with noise of sd `noise`, standardized.
Table torus_sample(Index n, std::uint64_t seed, double noise = 0) {
  data::TorusSpec t;
  t.n = n;
  t.seed = seed;
  t.noise = noise;
  return standardized(data::generate_torus(t));
}

// n points of the unit sphere in R^dim (not standardized).
Table sphere_points(Index n, Index dim, std::uint64_t seed) {
  data::SphereSpec s;
  s.n = n;
  s.dim = dim - 1;
  s.seed = seed;
  const auto d = data::generate_sphere(s);
  return d.select(d.feature_columns(), "sphere");
}

std::vector<PersistenceBar> in_dimension(const std::vector<PersistenceBar>& bars, int dim) {
  std::vector<PersistenceBar> out;
  for (const auto& b : bars)
    if (b.dimension == dim) out.push_back(b);
  return out;
}

// The numbers, then the three longest bars of each dimension.
std::string describe(const Persistence& p) {
  auto j = p.to_json();
  j.erase("bars");
  std::string out = j.dump();
  for (int d = 0; d <= p.max_dimension; ++d) {
    out += "\n  H" + std::to_string(d) + ":";
    int shown = 0;
    for (const auto& b : p.bars)
      if (b.dimension == d && shown++ < 3) out += " [" + std::to_string(b.birth) + ", " + std::to_string(b.death) + ")";
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Landmarks

double distance_to_set(const Table& p, Index row, const std::vector<Index>& set, std::size_t count) {
  double best = kInf;
  for (std::size_t j = 0; j < count; ++j) best = std::min(best, (p.row(row) - p.row(set[j])).norm());
  return best;
}

TEST(Landmarks, CoveringRadiusIsTheBruteForceMaxMinDistance) {
  SKIP_WITHOUT_GUDHI();
  const Table p = sphere_points(500, 3, 7);
  for (Index n : {1, 2, 10, 77, 499}) {
    SCOPED_TRACE(n);
    const auto l = farthest_point_landmarks(p, n, 5);
    ASSERT_EQ(static_cast<Index>(l.index.size()), n);
    EXPECT_EQ(l.index[0], 5);
    EXPECT_EQ(std::set<Index>(l.index.begin(), l.index.end()).size(), l.index.size());  // distinct rows
    double worst = 0;
    for (Index i = 0; i < p.rows(); ++i) worst = std::max(worst, distance_to_set(p, i, l.index, l.index.size()));
    EXPECT_NEAR(l.covering_radius, worst, 1e-12);
  }
}

TEST(Landmarks, EachNewLandmarkIsTheRowFarthestFromThePreviousOnes) {
  SKIP_WITHOUT_GUDHI();
  const Table p = sphere_points(300, 2, 8);
  const auto l = farthest_point_landmarks(p, 40, 0);
  double previous = kInf;
  for (std::size_t k = 1; k < l.index.size(); ++k) {
    double farthest = 0;
    for (Index i = 0; i < p.rows(); ++i) farthest = std::max(farthest, distance_to_set(p, i, l.index, k));
    const double chosen = distance_to_set(p, l.index[k], l.index, k);
    EXPECT_NEAR(chosen, farthest, 1e-12) << "landmark " << k;
    EXPECT_LE(chosen, previous + 1e-12);  // the insertion distances never grow
    previous = chosen;
  }
  // The covering radius of the 40 is no more than the distance at which the 40th came in.
  EXPECT_LE(l.covering_radius, previous + 1e-12);
}

TEST(Landmarks, AskingForAsManyAsTheRowsTakesEveryRow) {
  SKIP_WITHOUT_GUDHI();
  const Table p = sphere_points(50, 4, 9);
  for (Index n : {50, 51, 1000}) {
    const auto l = farthest_point_landmarks(p, n, 49);
    EXPECT_EQ(l.index.size(), 50u);
    EXPECT_EQ(l.index[0], 49);
    EXPECT_EQ(l.covering_radius, 0.0);
  }
  const auto j = farthest_point_landmarks(p, 3).to_json();
  EXPECT_EQ(j["count"], 3);
  EXPECT_EQ(j["index"].size(), 3u);
  EXPECT_GT(j["covering_radius"].get<double>(), 0.0);
}

TEST(Landmarks, RefuseBadInput) {
  SKIP_WITHOUT_GUDHI();
  Table p = sphere_points(20, 2, 10);
  EXPECT_THROW(farthest_point_landmarks(p, 0), InputError);
  EXPECT_THROW(farthest_point_landmarks(p, 5, -1), InputError);
  EXPECT_THROW(farthest_point_landmarks(p, 5, 20), InputError);
  p(3, 1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(farthest_point_landmarks(p, 5), InputError);
}

// ---------------------------------------------------------------------------------------
// Exact diagrams of tiny complexes, against their analytic values

TEST(PersistenceReference, TheSquareHasOneLoopFromItsSideToItsDiagonal) {
  SKIP_WITHOUT_GUDHI();
  const double side = 1.5;
  const Table square{{0, 0}, {side, 0}, {side, side}, {0, side}};
  for (int max_dimension : {1, 2}) {
    SCOPED_TRACE(max_dimension);
    const auto bars = rips_persistence(square, max_dimension);
    const auto h0 = in_dimension(bars, 0);
    ASSERT_EQ(h0.size(), 4u);  // one essential component, three merging at the side length
    EXPECT_EQ(h0[0].death, kInf);
    for (std::size_t i = 1; i < 4; ++i) {
      EXPECT_EQ(h0[i].birth, 0.0);
      EXPECT_NEAR(h0[i].death, side, 1e-12);
    }
    const auto h1 = in_dimension(bars, 1);
    ASSERT_EQ(h1.size(), 1u);  // the 4-cycle, filled when the diagonals come in
    EXPECT_NEAR(h1[0].birth, side, 1e-12);
    EXPECT_NEAR(h1[0].death, side * std::sqrt(2.0), 1e-12);
    EXPECT_TRUE(in_dimension(bars, 2).empty());  // at the diagonal the 4 points span a tetrahedron
  }
}

TEST(PersistenceReference, TheRegularHexagonHasALoopThenAnOctahedron) {
  SKIP_WITHOUT_GUDHI();
  // Unit circumradius: sides 1, short diagonals sqrt 3, long diagonals 2. From 1 the Rips
  // complex is the 6-cycle; at sqrt 3 every pair but the three antipodal ones is joined: the
  // boundary of an octahedron, a 2-sphere; at 2 the full simplex.
  Table hexagon(6, 2);
  for (int k = 0; k < 6; ++k) {
    hexagon(k, 0) = std::cos(k * std::numbers::pi / 3);
    hexagon(k, 1) = std::sin(k * std::numbers::pi / 3);
  }
  const auto bars = rips_persistence(hexagon, 2);
  const auto h1 = in_dimension(bars, 1);
  ASSERT_EQ(h1.size(), 1u);
  EXPECT_NEAR(h1[0].birth, 1.0, 1e-12);
  EXPECT_NEAR(h1[0].death, std::sqrt(3.0), 1e-12);
  const auto h2 = in_dimension(bars, 2);
  ASSERT_EQ(h2.size(), 1u);
  EXPECT_NEAR(h2[0].birth, std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(h2[0].death, 2.0, 1e-12);
  // Bars come by dimension, then longest first; none has length 0.
  for (std::size_t i = 1; i < bars.size(); ++i) {
    ASSERT_LE(bars[i - 1].dimension, bars[i].dimension);
    if (bars[i - 1].dimension == bars[i].dimension) {
      EXPECT_GE(bars[i - 1].length(), bars[i].length());
    }
  }
  for (const auto& b : bars) EXPECT_GT(b.length(), 0.0);
}

TEST(PersistenceReference, LandmarksOfATinySetAreTheSetAndItsDiagramIsExact) {
  SKIP_WITHOUT_GUDHI();
  const Table square{{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  PersistenceSettings s;
  s.max_dimension = 1;
  const auto p = persistent_homology(square, s);
  EXPECT_EQ(p.landmarks.index.size(), 4u);
  EXPECT_EQ(p.landmarks.covering_radius, 0.0);
  EXPECT_DOUBLE_EQ(p.sample_gap, 1.0);
  EXPECT_DOUBLE_EQ(p.radius, 1.0);
  EXPECT_DOUBLE_EQ(p.feature_threshold, 4.0);
  EXPECT_DOUBLE_EQ(p.noise_threshold, 1.0);  // 2 eps + rho
  EXPECT_NEAR(p.cone_scale, std::sqrt(2.0), 1e-12);
  ASSERT_EQ(in_dimension(p.bars, 1).size(), 1u);
  EXPECT_NEAR(in_dimension(p.bars, 1)[0].death, std::sqrt(2.0), 1e-12);
  // Four points cannot tell a loop from noise: 6 eta is beyond the scale at which every class
  // has died.
  EXPECT_FALSE(p.resolved());
  EXPECT_FALSE(p.clear());
  EXPECT_EQ(p.betti, (std::vector<int>{1, 0}));
}

// ---------------------------------------------------------------------------------------
// Known Betti numbers

struct Case {
  std::string name;
  Table points;
  int max_dimension;
  std::vector<int> betti;
};

void expect_clear(const Case& c, const PersistenceSettings& base = {}) {
  SCOPED_TRACE(c.name);
  PersistenceSettings s = base;
  s.max_dimension = c.max_dimension;
  const auto p = persistent_homology(c.points, s);
  EXPECT_EQ(p.betti, c.betti) << describe(p);
  EXPECT_TRUE(p.clear()) << describe(p);
  ASSERT_EQ(p.ambiguous.size(), c.betti.size());
  // The thresholds are the rule's: 4 (eps + rho) and 2 eps + rho.
  EXPECT_DOUBLE_EQ(p.radius, p.landmarks.covering_radius + p.sample_gap);
  EXPECT_DOUBLE_EQ(p.feature_threshold, 4 * p.radius);
  EXPECT_DOUBLE_EQ(p.noise_threshold, 2 * p.landmarks.covering_radius + p.sample_gap);
  EXPECT_DOUBLE_EQ(p.resolution, 6 * p.radius);
}

// Samples of `spec` (its n and geometry) for each seed and noise level: clear, with `betti`.
template <class Spec, class Generate>
void expect_clear_for(const std::string& name, Spec spec, Generate generate, std::vector<std::uint64_t> seeds,
                      std::vector<double> noises, int max_dimension, const std::vector<int>& betti) {
  for (const auto seed : seeds) {
    for (const double noise : noises) {
      spec.seed = seed;
      spec.noise = noise;
      expect_clear({name + " seed " + std::to_string(seed) + " noise " + std::to_string(noise),
                    standardized(generate(spec)), max_dimension, betti});
    }
  }
}

TEST(PersistenceBetti, CircleAndTrefoilAreOneLoop) {
  SKIP_WITHOUT_GUDHI();
  data::CircleSpec c;
  c.n = 20000;
  expect_clear_for("circle", c, data::generate_circle, {1, 2, 3}, {0.0, 0.02}, 1, {1, 1});
  data::TrefoilSpec t;
  t.n = 20000;
  expect_clear_for("trefoil", t, data::generate_trefoil, {1, 2, 3}, {0.0, 0.02}, 1, {1, 1});
}

TEST(PersistenceBetti, SphereIsOneVoid) {
  SKIP_WITHOUT_GUDHI();
  data::SphereSpec s;
  s.n = 20000;
  expect_clear_for("sphere", s, data::generate_sphere, {1, 2}, {0.0, 0.02}, 2, {1, 0, 1});
}

TEST(PersistenceBetti, TorusIsTwoLoopsAndAVoidWithTheDefaultLandmarks) {
  SKIP_WITHOUT_GUDHI();
  data::TorusSpec t;  // R = 2, r = 1
  t.n = 100000;
  expect_clear_for("torus", t, data::generate_torus, {1, 2}, {0.0, 0.02}, 2, {1, 2, 1});
}

TEST(PersistenceBetti, ParaboloidWithItsCentreCutOutIsOneLoop) {
  SKIP_WITHOUT_GUDHI();
  data::ParaboloidSpec p;
  p.n = 20000;
  // A hole of half the outer radius. The default (r_hole 0.2 of 2) is a bar of about 0.22 in
  // standardized coordinates, below the resolution (6 eta) of 2000 landmarks (persistence.hpp).
  p.r_hole = 1.0;
  expect_clear_for("paraboloid", p, data::generate_paraboloid, {1, 2}, {0.0, 0.02}, 1, {1, 1});
}

TEST(PersistenceBetti, DoubleConeIsContractible) {
  SKIP_WITHOUT_GUDHI();
  data::DoubleConeSpec c;
  c.n = 20000;
  expect_clear_for("double cone", c, data::generate_double_cone, {1, 2}, {0.0, 0.02}, 2, {1, 0, 0});
}

TEST(PersistenceBetti, TwoDisjointCirclesAreTwoComponentsAndTwoLoops) {
  SKIP_WITHOUT_GUDHI();
  for (std::uint64_t seed : {1, 2}) {
    data::CircleSpec c;
    c.n = 10000;
    c.seed = seed;
    Table one = data::generate_circle(c).select({"x", "y"}, "circle");
    c.seed = seed + 100;
    Table two = data::generate_circle(c).select({"x", "y"}, "circle");
    two.col(0).array() += 4.0;  // centres 4 apart: a gap of 2 between the circles
    Table both(one.rows() + two.rows(), 2);
    both << one, two;
    expect_clear({"two circles seed " + std::to_string(seed), data::Standardizer::fit(both).standardize(both), 1,
                  {2, 2}});
  }
}

// ---------------------------------------------------------------------------------------
// Never a wrong answer with clear() true

void expect_right_or_unclear(const std::string& name, const Table& points, int max_dimension,
                             const std::vector<int>& truth, const PersistenceSettings& base = {}) {
  SCOPED_TRACE(name);
  PersistenceSettings s = base;
  s.max_dimension = max_dimension;
  const auto p = persistent_homology(points, s);
  if (p.clear()) {
    EXPECT_EQ(p.betti, truth) << describe(p);
  }
}

TEST(PersistenceRule, ATooSmallSampleIsNeverClearlyWrong) {
  SKIP_WITHOUT_GUDHI();
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    for (Index n : {6, 15, 40}) {
      const Table t = circle_sample(n, seed);
      expect_right_or_unclear("circle of " + std::to_string(n) + " seed " + std::to_string(seed), t, 1, {1, 1});
      expect_right_or_unclear("circle of " + std::to_string(n) + " seed " + std::to_string(seed), t, 2, {1, 1, 0});
    }
    // 15 points: every row is a landmark, eps = 0; the sample's own gaps make the resolution.
    const auto p = persistent_homology(circle_sample(15, seed));
    EXPECT_GT(p.sample_gap, 0.0);
    EXPECT_FALSE(p.clear()) << describe(p);
    expect_right_or_unclear("torus of 300 seed " + std::to_string(seed), torus_sample(300, seed), 2, {1, 2, 1});
  }
}

TEST(PersistenceRule, ANoisySampleIsNeverClearlyWrong) {
  SKIP_WITHOUT_GUDHI();
  // Noise up to a fifth of the radius. From about a third on, the noise fills the circle's
  // hole in the sample itself, and a few seeds give (1, 0) with clear() true (persistence.hpp).
  for (std::uint64_t seed : {1, 2, 3}) {
    for (double noise : {0.05, 0.1, 0.2}) {
      for (Index n : {2000, 20000}) {
        expect_right_or_unclear("circle of " + std::to_string(n) + " noise " + std::to_string(noise) + " seed " +
                                    std::to_string(seed),
                                circle_sample(n, seed, noise), 1, {1, 1});
      }
    }
  }
  for (double noise : {0.1, 0.2})
    expect_right_or_unclear("torus noise " + std::to_string(noise), torus_sample(20000, 1, noise), 2, {1, 2, 1});
}

TEST(PersistenceRule, ALandmarkSetTooSmallOrABudgetTooTightIsNeverClearlyWrong) {
  SKIP_WITHOUT_GUDHI();
  const Table torus = torus_sample(20000, 1);
  for (Index landmarks : {50, 200, 600}) {
    PersistenceSettings s;
    s.landmarks = landmarks;
    expect_right_or_unclear("torus, " + std::to_string(landmarks) + " landmarks", torus, 2, {1, 2, 1}, s);
  }
  for (Index budget : {2500, 20000}) {
    PersistenceSettings s;
    s.max_simplices = budget;
    s.max_dimension = 2;
    const auto p = persistent_homology(torus, s);
    EXPECT_LE(p.simplices, budget);
    if (p.clear()) {
      EXPECT_EQ(p.betti, (std::vector<int>{1, 2, 1})) << describe(p);
    }
  }
  // A 5-sphere in 12 columns: 2000 landmarks are far apart (eps ~ 1.3), nothing is resolved.
  data::SphereSpec s5;
  s5.n = 20000;
  s5.dim = 5;
  s5.embed_dim = 12;
  const auto p = persistent_homology(standardized(data::generate_sphere(s5)));
  EXPECT_FALSE(p.clear()) << describe(p);
}

TEST(PersistenceRule, ClassesAliveAtTheLastScaleAreFeaturesOnlyWhenLongEnough) {
  SKIP_WITHOUT_GUDHI();
  data::SphereSpec s;
  s.n = 20000;
  s.seed = 5;
  PersistenceSettings settings;
  settings.max_dimension = 2;
  const auto p = persistent_homology(standardized(data::generate_sphere(s)), settings);
  ASSERT_TRUE(p.clear()) << describe(p);
  // The sphere's void is alive where the search stopped, more than 4 eta after its birth.
  const auto h2 = in_dimension(p.bars, 2);
  ASSERT_FALSE(h2.empty());
  EXPECT_EQ(h2[0].death, kInf);
  EXPECT_GT(p.max_scale - h2[0].birth, p.feature_threshold);
  EXPECT_LE(p.max_scale, p.cone_scale);
  EXPECT_FALSE(p.complete);
  // Exactly one component is essential; the others all died.
  EXPECT_EQ(std::count_if(p.bars.begin(), p.bars.end(),
                          [](const PersistenceBar& b) { return b.dimension == 0 && b.death == kInf; }),
            1);
}

// ---------------------------------------------------------------------------------------
// Interface

TEST(PersistenceInterface, GivenNeighboursGiveTheSameAnswer) {
  SKIP_WITHOUT_GUDHI();
  const Table t = circle_sample(5000, 1);
  const auto a = persistent_homology(t);
  const auto b = persistent_homology(t, nearest_neighbours(t, 3));
  EXPECT_EQ(a.to_json(), b.to_json());
  EXPECT_THROW(persistent_homology(t.topRows(100), nearest_neighbours(t, 1)), InputError);
}

TEST(PersistenceInterface, JsonHasTheSettingsThresholdsBettiNumbersAndBars) {
  SKIP_WITHOUT_GUDHI();
  const auto p = persistent_homology(circle_sample(3000, 1));
  const auto j = p.to_json();
  EXPECT_EQ(j["settings"]["landmarks"], 2000);
  EXPECT_EQ(j["settings"]["max_dimension"], 1);
  EXPECT_EQ(j["landmarks"], p.landmarks.index.size());
  EXPECT_EQ(j["covering_radius"], p.landmarks.covering_radius);
  EXPECT_EQ(j["feature_threshold"], p.feature_threshold);
  EXPECT_EQ(j["noise_threshold"], p.noise_threshold);
  EXPECT_EQ(j["betti"], p.betti);
  EXPECT_EQ(j["ambiguous"], p.ambiguous);
  EXPECT_EQ(j["clear"], p.clear());
  ASSERT_EQ(j["bars"].size(), p.bars.size());
  EXPECT_EQ(j["bars"][0][0], 0);
  EXPECT_TRUE(j["bars"][0][2].is_null());  // the essential component
  EXPECT_TRUE(j["bars"][1][2].is_number());  // one that merged into it
}

TEST(PersistenceInterface, RefusesBadInput) {
  SKIP_WITHOUT_GUDHI();
  Table t = sphere_points(100, 3, 11);
  PersistenceSettings s;
  for (int d : {-1, 4}) {
    s.max_dimension = d;
    EXPECT_THROW(persistent_homology(t, s), InputError) << d;
    EXPECT_THROW(rips_persistence(t, d), InputError) << d;
  }
  s = {};
  s.landmarks = 1;
  EXPECT_THROW(persistent_homology(t, s), InputError);
  s = {};
  s.first_landmark = 100;
  EXPECT_THROW(persistent_homology(t, s), InputError);
  EXPECT_THROW(persistent_homology(t.topRows(1)), InputError);
  EXPECT_THROW(rips_persistence(t.topRows(1), 1), InputError);
  t(7, 2) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(persistent_homology(t), InputError);
  t(7, 2) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(persistent_homology(t), InputError);
}

TEST(PersistenceInterface, WithoutGudhiEverythingThrowsError) {
  const Table t = sphere_points(10, 2, 12);
#ifdef TOPAE_HAVE_GUDHI
  EXPECT_TRUE(persistence_available());
#else
  EXPECT_FALSE(persistence_available());
  EXPECT_THROW(persistent_homology(t), Error);
  EXPECT_THROW(rips_persistence(t, 1), Error);
  EXPECT_THROW(farthest_point_landmarks(t, 3), Error);
  EXPECT_THROW(persistent_homology(t.topRows(1)), InputError);  // bad input is still bad input
#endif
}

}  // namespace
}  // namespace topae::topology
