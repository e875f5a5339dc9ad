#include "topae/data/generators/torus.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "data/generators/generator_support.hpp"

namespace topae::data {
namespace {

using test::column;
using test::input_error;
constexpr double kPi = std::numbers::pi;

TEST(GeneratorTorus, PointsSatisfyTheImplicitEquationAtTheirAngles) {
  TorusSpec spec;
  spec.n = 2000;
  const double R = spec.major_radius, r = spec.minor_radius;
  const auto d = generate_torus(spec);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y", "z", "u", "v"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"u", "v"}));
  for (Index i = 0; i < d.n_events(); ++i) {
    const double x = d.values(i, 0), y = d.values(i, 1), z = d.values(i, 2);
    const double u = d.values(i, 3), v = d.values(i, 4);
    const double tube = std::hypot(x, y) - R;
    EXPECT_NEAR(tube * tube + z * z, r * r, 1e-12);
    EXPECT_NEAR(x, (R + r * std::cos(v)) * std::cos(u), 1e-12);
    EXPECT_NEAR(y, (R + r * std::cos(v)) * std::sin(u), 1e-12);
    EXPECT_NEAR(z, r * std::sin(v), 1e-12);
    EXPECT_TRUE(u >= 0 && u < 2 * kPi);
    EXPECT_TRUE(v >= 0 && v < 2 * kPi);
  }
}

TEST(GeneratorTorus, OuterHalfHoldsItsAreaFraction) {
  // Area of cos v > 0: int_{-pi/2}^{pi/2} r (R + r cos v) dv * 2 pi = 2 pi r (pi R + 2 r), over
  // the total 4 pi^2 R r: p = (pi R + 2 r) / (2 pi R).
  TorusSpec spec;
  spec.n = 40000;
  spec.major_radius = 2.0;
  spec.minor_radius = 1.5;
  spec.seed = 3;
  const double R = spec.major_radius, r = spec.minor_radius;
  const double p = (kPi * R + 2 * r) / (2 * kPi * R);
  const auto v = column(generate_torus(spec), "v");
  const double outer = static_cast<double>((v.array().cos() > 0).count()) / static_cast<double>(spec.n);
  EXPECT_NEAR(outer, p, 5 * std::sqrt(p * (1 - p) / static_cast<double>(spec.n)));
  // u is uniform around the axis.
  EXPECT_LT(test::ks_uniform(column(generate_torus(spec), "u"), 0, 2 * kPi), 1.95);
}

TEST(GeneratorTorus, SameEventsForAnyThreadCount) {
  TorusSpec spec;
  spec.n = 3000;
  spec.embed_dim = 5;
  spec.cluster_fraction = 0.02;
  spec.cluster_width = 0.5;
  test::expect_thread_independent(spec, generate_torus);
}

TEST(GeneratorTorus, BadArgumentsNameTheFlag) {
  const auto error = [](auto change) {
    TorusSpec spec;
    change(spec);
    return input_error([&] { generate_torus(spec); });
  };
  EXPECT_NE(error([](TorusSpec& s) { s.major_radius = -1; }).find("--major-radius"), std::string::npos);
  EXPECT_NE(error([](TorusSpec& s) { s.minor_radius = 0; }).find("--minor-radius"), std::string::npos);
  EXPECT_NE(error([](TorusSpec& s) { s.minor_radius = 2; }).find("--minor-radius"), std::string::npos);
  EXPECT_NE(error([](TorusSpec& s) { s.minor_radius = 3; }).find("--minor-radius"), std::string::npos);
  EXPECT_NE(error([](TorusSpec& s) { s.noise = -1; }).find("--noise"), std::string::npos);
}

}  // namespace
}  // namespace topae::data
