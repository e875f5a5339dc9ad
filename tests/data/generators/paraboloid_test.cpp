#include "topae/data/generators/paraboloid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "data/generators/generator_support.hpp"

namespace topae::data {
namespace {

using test::column;
using test::input_error;
constexpr double kPi = std::numbers::pi;

TEST(GeneratorParaboloid, PointsLieOnTheSurfaceOverTheAnnulus) {
  ParaboloidSpec spec;
  spec.n = 4000;
  const auto d = generate_paraboloid(spec);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y", "z", "r", "phi"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"r", "phi"}));
  for (Index i = 0; i < d.n_events(); ++i) {
    const double x = d.values(i, 0), y = d.values(i, 1), z = d.values(i, 2);
    const double r = d.values(i, 3), phi = d.values(i, 4);
    EXPECT_NEAR(z, x * x + y * y, 1e-12);
    EXPECT_GE(r, 0.2);  // no point in the excised centre
    EXPECT_LE(r, 2.0);
    EXPECT_GE(std::hypot(x, y), 0.2 - 1e-12);
    EXPECT_NEAR(x, r * std::cos(phi), 1e-12);
    EXPECT_NEAR(y, r * std::sin(phi), 1e-12);
    EXPECT_TRUE(phi >= 0 && phi < 2 * kPi);
  }
}

TEST(GeneratorParaboloid, UniformInPlaneArea) {
  // Uniform in (x, y) area over the annulus: r^2 is uniform on [r_hole^2, r_max^2].
  for (const double hole : {0.0, 0.2, 1.0}) {
    ParaboloidSpec spec;
    spec.n = 20000;
    spec.r_hole = hole;
    spec.seed = 5;
    const auto r = column(generate_paraboloid(spec), "r");
    EXPECT_LT(test::ks_uniform(r.array().square(), hole * hole, 4.0), 1.95) << "r_hole " << hole;
  }
}

TEST(GeneratorParaboloid, SameEventsForAnyThreadCount) {
  ParaboloidSpec spec;
  spec.n = 3000;
  spec.embed_dim = 4;
  spec.noise = 0.1;
  test::expect_thread_independent(spec, generate_paraboloid);
}

TEST(GeneratorParaboloid, BadArgumentsNameTheFlag) {
  const auto error = [](auto change) {
    ParaboloidSpec spec;
    change(spec);
    return input_error([&] { generate_paraboloid(spec); });
  };
  EXPECT_NE(error([](ParaboloidSpec& s) { s.r_max = -1; }).find("--r-max"), std::string::npos);
  EXPECT_NE(error([](ParaboloidSpec& s) { s.r_hole = -0.1; }).find("--r-hole"), std::string::npos);
  EXPECT_NE(error([](ParaboloidSpec& s) { s.r_hole = 2; }).find("--r-hole"), std::string::npos);
  EXPECT_EQ(error([](ParaboloidSpec& s) { s.r_hole = 0; }), "");
}

}  // namespace
}  // namespace topae::data
