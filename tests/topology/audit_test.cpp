#include "topae/topology/audit.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/double_cone.hpp"
#include "topae/data/generators/paraboloid.hpp"
#include "topae/data/generators/sphere.hpp"
#include "topae/data/generators/torus.hpp"
#include "topae/data/generators/trefoil.hpp"
#include "topae/physics/features.hpp"

namespace topae::topology {
namespace {

// The audit of a generated manifold's feature columns.
template <typename Spec>
Audit audit_of(data::Dataset (*generate)(const Spec&), Index n, std::uint64_t seed, double noise = 0, Spec spec = {}) {
  spec.n = n;
  spec.seed = seed;
  spec.noise = noise;
  const data::Dataset ds = generate(spec);
  AuditSettings settings;
  settings.seed = seed;
  return audit(ds.select(ds.feature_columns(), "test"), ds.feature_columns(), settings);
}

std::vector<std::optional<int>> betti(std::initializer_list<int> b) { return {b.begin(), b.end()}; }

struct Known {
  const char* name;
  std::function<Audit(std::uint64_t seed, double noise)> run;
  int dimension;
  std::vector<std::optional<int>> betti;
  int min_latent_dim;
  const char* geometry;
};

// Sizes: the torus's tube and the double cone's apex need 20 000 and 10 000 points to be
// resolved (docs/audit.md); the paraboloid's hole is half its radius (the gap experiment's
// r < 0.2 is below the resolution of such samples).
std::vector<Known> known_manifolds() {
  data::ParaboloidSpec paraboloid;
  paraboloid.r_hole = 1.0;
  return {
      {"circle", [](auto seed, double noise) { return audit_of(data::generate_circle, 4000, seed, noise); }, 1,
       betti({1, 1}), 2, "circle"},
      {"trefoil", [](auto seed, double noise) { return audit_of(data::generate_trefoil, 4000, seed, noise); }, 1,
       betti({1, 1}), 2, "circle"},
      {"sphere", [](auto seed, double noise) { return audit_of(data::generate_sphere, 8000, seed, noise); }, 2,
       betti({1, 0, 1}), 3, "sphere"},
      {"torus", [](auto seed, double noise) { return audit_of(data::generate_torus, 20000, seed, noise); }, 2,
       betti({1, 2, 1}), 3, "torus"},
      {"paraboloid with a hole",
       [=](auto seed, double noise) { return audit_of(data::generate_paraboloid, 8000, seed, noise, paraboloid); }, 2,
       betti({1, 1, 0}), 2, "euclidean"},
      {"double cone", [](auto seed, double noise) { return audit_of(data::generate_double_cone, 10000, seed, noise); },
       2, betti({1, 0, 0}), 3, "euclidean"},
  };
}

// Right whenever confident, and confident on a clean sample; a noisy one may be uncertain
// (a bar in the grey zone), never confidently wrong.
TEST(Audit, KnownManifoldsGetTheirDimensionTopologyAndVerdict) {
  if (!persistence_available()) GTEST_SKIP() << "built without GUDHI: no homology to check";
  for (const auto& m : known_manifolds()) {
    for (const auto& [seed, noise] : {std::pair<std::uint64_t, double>{1, 0.0}, {2, 0.005}}) {
      const Audit a = m.run(seed, noise);
      const auto where = fmt::format("{} seed {} noise {}: {}", m.name, seed, noise, a.to_json().dump());
      EXPECT_EQ(a.dimension.rounded, m.dimension) << where;
      if (noise == 0) {
        EXPECT_TRUE(a.verdict.confident) << where;
      }
      if (!a.verdict.confident) continue;
      EXPECT_EQ(a.betti(), m.betti) << where;
      EXPECT_EQ(a.verdict.min_latent_dim, m.min_latent_dim) << where;
      EXPECT_EQ(a.verdict.latent_geometry, m.geometry) << where;
    }
  }
}

TEST(Audit, ThreeBodyPhaseSpaceIsFiveDimensionalWithParityAndNotConfident) {
  physics::PhaseSpaceSpec spec;
  spec.n_events = 6000;
  const auto ds = physics::to_dataset(physics::generate_phase_space(spec), spec.energy, {});
  const auto columns = physics::feature_columns(3, physics::FeatureSet::momenta);
  AuditSettings settings;
  for (Index c = 0; c < static_cast<Index>(columns.size()); ++c)
    if (columns[static_cast<std::size_t>(c)][0] == 'p') settings.antipodal_columns.push_back(c);
  ASSERT_EQ(settings.antipodal_columns.size(), 9u);
  const Audit a = audit(ds.select(columns, "test"), columns, settings);
  const auto where = a.to_json().dump();
  EXPECT_EQ(a.dimension.rounded, 5) << where;
  ASSERT_TRUE(a.antipodal);
  EXPECT_TRUE(a.antipodal->holds()) << where;
  EXPECT_EQ(a.verdict.min_latent_dim, 6) << where;
  EXPECT_EQ(a.verdict.latent_geometry, "sphere") << where;
  EXPECT_FALSE(a.verdict.confident) << "homology in dimension 5 is not computed";
  ASSERT_EQ(a.betti().size(), 6u);
  EXPECT_FALSE(a.betti()[5].has_value());
}

TEST(Audit, TooFewOrTooNoisyPointsAreNeverAConfidentWrongAnswer) {
  // Small samples, and noise from a tenth of the radius to the radius. Noise wider than the
  // sample resolves is part of the shape (a thick circle is an annulus: d = 2), but a
  // thickened manifold keeps the manifold's homotopy type, so a confident answer must still
  // give its Betti numbers b_0, b_1 and its smallest tear-free latent dimension, and a
  // dimension that is either the manifold's or the ambient space's.
  struct Case {
    const char* name;
    Audit (*run)(Index n, std::uint64_t seed, double noise);
    Index n;
    double noise;
    int dimension, ambient, b1, min_latent_dim;
  };
  const auto circle = [](Index n, std::uint64_t seed, double noise) {
    return audit_of(data::generate_circle, n, seed, noise);
  };
  const auto sphere = [](Index n, std::uint64_t seed, double noise) {
    return audit_of(data::generate_sphere, n, seed, noise);
  };
  const auto trefoil = [](Index n, std::uint64_t seed, double noise) {
    return audit_of(data::generate_trefoil, n, seed, noise);
  };
  const auto cone = [](Index n, std::uint64_t seed, double noise) {
    return audit_of(data::generate_double_cone, n, seed, noise);
  };
  const Case cases[] = {
      {"circle", circle, 70, 0.0, 1, 2, 1, 2},    {"circle", circle, 150, 0.05, 1, 2, 1, 2},
      {"circle", circle, 4000, 0.1, 1, 2, 1, 2},  {"circle", circle, 4000, 0.3, 1, 2, 1, 2},
      {"circle", circle, 4000, 1.0, 1, 2, 1, 2},  {"sphere", sphere, 300, 0.0, 2, 3, 0, 3},
      {"sphere", sphere, 4000, 0.1, 2, 3, 0, 3},  {"sphere", sphere, 4000, 0.3, 2, 3, 0, 3},
      {"trefoil", trefoil, 4000, 0.1, 1, 3, 1, 2},
      // Noise hides the apex from the singular-point test on some seeds (the verdict would
      // then be a plane's, 2): seeds 2 and 3 at 0.002, 0.005 and 0.0125 were such cases.
      {"double cone", cone, 10000, 0.002, 2, 3, 0, 3},  {"double cone", cone, 10000, 0.005, 2, 3, 0, 3},
      {"double cone", cone, 10000, 0.0125, 2, 3, 0, 3},
  };
  for (const Case& c : cases) {
    for (std::uint64_t seed : {1, 2, 3}) {
      const Audit a = c.run(c.n, seed, c.noise);
      if (!a.verdict.confident) continue;
      const auto where = fmt::format("{} n = {} noise {} seed {}: {}", c.name, c.n, c.noise, seed, a.to_json().dump());
      EXPECT_TRUE(a.dimension.rounded == c.dimension || a.dimension.rounded == c.ambient) << where;
      EXPECT_EQ(a.betti()[0], 1) << where;
      EXPECT_EQ(a.betti()[1], c.b1) << where;
      EXPECT_EQ(a.verdict.min_latent_dim, c.min_latent_dim) << where;
    }
  }
}

TEST(Audit, BadInputIsRefusedNamingWhatIsWrong) {
  const auto circle = [] {
    data::CircleSpec s;
    s.n = 200;
    const auto ds = data::generate_circle(s);
    return ds.select(ds.feature_columns(), "test");
  };
  const std::vector<std::string> xy{"x", "y"};
  const auto message = [&](const Table& t, const std::vector<std::string>& names) {
    try {
      audit(t, names);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  Table t = circle();
  EXPECT_NE(message(t.topRows(40), xy).find("fewer than --neighbours"), std::string::npos);
  EXPECT_NE(message(t.leftCols(1), {"x"}).find("at least 2 columns"), std::string::npos);
  Table constant = t;
  constant.col(1).setConstant(3);
  EXPECT_NE(message(constant, xy).find("column 'y' is constant"), std::string::npos);
  Table nan = t;
  nan(5, 0) = std::nan("");
  EXPECT_NE(message(nan, xy).find("column 'x' row 5"), std::string::npos);
  Table twice = t;
  twice.row(7) = twice.row(3);
  EXPECT_NE(message(twice, xy).find("events 3 and 7 are identical"), std::string::npos);
}

}  // namespace
}  // namespace topae::topology
