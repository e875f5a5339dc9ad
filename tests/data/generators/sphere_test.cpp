#include "topae/data/generators/sphere.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "data/generators/generator_support.hpp"

namespace topae::data {
namespace {

using test::column;
using test::input_error;
constexpr double kPi = std::numbers::pi;

TEST(GeneratorSphere, TwoSphereLiesOnTheSphereAtItsAngles) {
  SphereSpec spec;
  spec.n = 2000;
  spec.radius = 2.5;
  const auto d = generate_sphere(spec);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y", "z", "theta", "phi"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"theta", "phi"}));
  for (Index i = 0; i < d.n_events(); ++i) {
    const double x = d.values(i, 0), y = d.values(i, 1), z = d.values(i, 2);
    const double theta = d.values(i, 3), phi = d.values(i, 4);
    EXPECT_NEAR(std::sqrt(x * x + y * y + z * z), 2.5, 1e-12);
    EXPECT_NEAR(x, 2.5 * std::sin(theta) * std::cos(phi), 1e-12);
    EXPECT_NEAR(y, 2.5 * std::sin(theta) * std::sin(phi), 1e-12);
    EXPECT_NEAR(z, 2.5 * std::cos(theta), 1e-12);
    EXPECT_TRUE(theta >= 0 && theta <= kPi) << theta;
    EXPECT_TRUE(phi >= 0 && phi < 2 * kPi) << phi;
  }
}

TEST(GeneratorSphere, HypersphericalAnglesReproduceThePoint) {
  for (const Index dim : {1, 3, 5}) {
    SphereSpec spec;
    spec.n = 500;
    spec.dim = dim;
    spec.radius = 1.3;
    const auto d = generate_sphere(spec);
    ASSERT_EQ(d.values.cols(), 2 * dim + 1);
    EXPECT_EQ(d.columns.front(), "x1");
    EXPECT_EQ(d.columns[static_cast<std::size_t>(dim)], fmt::format("x{}", dim + 1));
    EXPECT_EQ(d.truth.back(), fmt::format("angle_{}", dim));
    for (Index i = 0; i < d.n_events(); ++i) {
      const auto x = d.values.row(i).head(dim + 1);
      const auto a = d.values.row(i).tail(dim);
      EXPECT_NEAR(x.norm(), 1.3, 1e-12);
      double sines = 1.3;
      for (Index k = 0; k < dim; ++k) {
        EXPECT_NEAR(x(k), sines * std::cos(a(k)), 1e-12) << "dim " << dim << " coordinate " << k;
        sines *= std::sin(a(k));
        EXPECT_GE(a(k), 0);
        EXPECT_LE(a(k), k + 1 < dim ? kPi : 2 * kPi);
      }
      EXPECT_NEAR(x(dim), sines, 1e-12);
    }
  }
}

TEST(GeneratorSphere, MeansVanishAndZIsUniformArchimedes) {
  SphereSpec spec;
  spec.n = 40000;
  spec.radius = 2.0;
  spec.seed = 7;
  const auto d = generate_sphere(spec);
  // Each coordinate has variance R^2 / 3 on the 2-sphere.
  const double standard_error = 2.0 / std::sqrt(3.0 * static_cast<double>(spec.n));
  for (const char* c : {"x", "y", "z"}) EXPECT_LT(std::abs(column(d, c).mean()), 5 * standard_error) << c;
  EXPECT_LT(test::ks_uniform(column(d, "z"), -2.0, 2.0), 1.95);
}

TEST(GeneratorSphere, SameEventsForAnyThreadCount) {
  SphereSpec spec;
  spec.n = 2000;
  spec.dim = 3;
  spec.embed_dim = 6;
  spec.noise = 0.01;
  spec.cluster_fraction = 0.05;
  spec.cluster_width = 0.8;
  test::expect_thread_independent(spec, generate_sphere);
}

TEST(GeneratorSphere, BadArgumentsNameTheFlag) {
  const auto error = [](auto change) {
    SphereSpec spec;
    change(spec);
    return input_error([&] { generate_sphere(spec); });
  };
  EXPECT_NE(error([](SphereSpec& s) { s.dim = 0; }).find("--dim"), std::string::npos);
  EXPECT_NE(error([](SphereSpec& s) { s.radius = -1; }).find("--radius"), std::string::npos);
  EXPECT_NE(error([](SphereSpec& s) { s.n = 0; }).find("--n"), std::string::npos);
  EXPECT_NE(error([](SphereSpec& s) { s.embed_dim = 2; }).find("--embed-dim"), std::string::npos);
}

}  // namespace
}  // namespace topae::data
