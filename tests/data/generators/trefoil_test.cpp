#include "topae/data/generators/trefoil.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "data/generators/generator_support.hpp"

namespace topae::data {
namespace {

using test::column;
constexpr double kPi = std::numbers::pi;

TEST(GeneratorTrefoil, PointsMatchTheParametrisationAtT) {
  TrefoilSpec spec;
  spec.n = 2000;
  const auto d = generate_trefoil(spec);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y", "z", "t"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"t"}));
  for (Index i = 0; i < d.n_events(); ++i) {
    const double t = d.values(i, 3);
    EXPECT_NEAR(d.values(i, 0), std::sin(t) + 2 * std::sin(2 * t), 1e-12);
    EXPECT_NEAR(d.values(i, 1), std::cos(t) - 2 * std::cos(2 * t), 1e-12);
    EXPECT_NEAR(d.values(i, 2), -std::sin(3 * t), 1e-12);
  }
  // Uniform in the parameter.
  EXPECT_LT(test::ks_uniform(column(d, "t"), 0, 2 * kPi), 1.95);
}

TEST(GeneratorTrefoil, SameEventsForAnyThreadCount) {
  TrefoilSpec spec;
  spec.n = 3000;
  spec.noise = 0.05;
  spec.embed_dim = 3;
  spec.cluster_fraction = 0.1;
  spec.cluster_width = 0.4;
  test::expect_thread_independent(spec, generate_trefoil);
}

TEST(GeneratorTrefoil, BadArgumentsNameTheFlag) {
  TrefoilSpec spec;
  spec.n = -5;
  EXPECT_NE(test::input_error([&] { generate_trefoil(spec); }).find("--n"), std::string::npos);
}

}  // namespace
}  // namespace topae::data
