#include "topae/data/generators/double_cone.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "data/generators/generator_support.hpp"

namespace topae::data {
namespace {

using test::column;
using test::input_error;
constexpr double kPi = std::numbers::pi;

TEST(GeneratorDoubleCone, PointsLieOnTheConeAtTheirCoordinates) {
  for (const auto sampling : {ConeSampling::area, ConeSampling::height}) {
    DoubleConeSpec spec;
    spec.n = 2000;
    spec.height = 1.5;
    spec.slope = 0.7;
    spec.sampling = sampling;
    const auto d = generate_double_cone(spec);
    EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y", "z", "height", "phi"}));
    EXPECT_EQ(d.truth, (std::vector<std::string>{"height", "phi"}));
    for (Index i = 0; i < d.n_events(); ++i) {
      const double x = d.values(i, 0), y = d.values(i, 1), z = d.values(i, 2);
      const double h = d.values(i, 3), phi = d.values(i, 4);
      EXPECT_NEAR(x * x + y * y, (0.7 * z) * (0.7 * z), 1e-12);
      EXPECT_EQ(z, h);
      EXPECT_NEAR(x, 0.7 * std::abs(h) * std::cos(phi), 1e-12);
      EXPECT_NEAR(y, 0.7 * std::abs(h) * std::sin(phi), 1e-12);
      EXPECT_LE(std::abs(z), 1.5);
      EXPECT_TRUE(phi >= 0 && phi < 2 * kPi);
    }
  }
}

// |z| / h for `sampling`, over 20000 events.
Eigen::VectorXd depth(ConeSampling sampling) {
  DoubleConeSpec spec;
  spec.n = 20000;
  spec.height = 2.0;
  spec.sampling = sampling;
  spec.seed = 11;
  return column(generate_double_cone(spec), "z").array().abs() / 2.0;
}

TEST(GeneratorDoubleCone, AreaSamplingHasDensityProportionalToDepth) {
  // |z|/h has density 2t on [0, 1]: mean 2/3, variance 1/18; (|z|/h)^2 is uniform.
  const auto t = depth(ConeSampling::area);
  const double n = static_cast<double>(t.size());
  EXPECT_NEAR(t.mean(), 2.0 / 3.0, 5 * std::sqrt(1.0 / 18.0 / n));
  EXPECT_LT(test::ks_uniform(t.array().square(), 0, 1), 1.95);
}

TEST(GeneratorDoubleCone, HeightSamplingIsUniformInZ) {
  // |z|/h uniform on [0, 1]: mean 1/2, variance 1/12.
  const auto t = depth(ConeSampling::height);
  const double n = static_cast<double>(t.size());
  EXPECT_NEAR(t.mean(), 0.5, 5 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_LT(test::ks_uniform(t, 0, 1), 1.95);
}

TEST(GeneratorDoubleCone, BothSheetsEquallyLikely) {
  DoubleConeSpec spec;
  spec.n = 20000;
  const auto z = column(generate_double_cone(spec), "z");
  const double upper = static_cast<double>((z.array() > 0).count()) / static_cast<double>(spec.n);
  EXPECT_NEAR(upper, 0.5, 5 * 0.5 / std::sqrt(static_cast<double>(spec.n)));
}

TEST(GeneratorDoubleCone, SameEventsForAnyThreadCount) {
  DoubleConeSpec spec;
  spec.n = 3000;
  spec.sampling = ConeSampling::height;
  spec.noise = 0.02;
  spec.cluster_fraction = 0.05;
  spec.cluster_width = 0.3;
  test::expect_thread_independent(spec, generate_double_cone);
}

TEST(GeneratorDoubleCone, BadArgumentsNameTheFlag) {
  const auto error = [](auto change) {
    DoubleConeSpec spec;
    change(spec);
    return input_error([&] { generate_double_cone(spec); });
  };
  EXPECT_NE(error([](DoubleConeSpec& s) { s.height = 0; }).find("--height"), std::string::npos);
  EXPECT_NE(error([](DoubleConeSpec& s) { s.slope = -1; }).find("--slope"), std::string::npos);
  EXPECT_NE(input_error([] { parse_cone_sampling("volume"); }).find("--sampling"), std::string::npos);
  EXPECT_EQ(parse_cone_sampling(cone_sampling_name(ConeSampling::height)), ConeSampling::height);
}

}  // namespace
}  // namespace topae::data
