#include "topae/data/generators/circle.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "data/generators/generator_support.hpp"

namespace topae::data {
namespace {

using test::column;
using test::input_error;
constexpr double kPi = std::numbers::pi;

TEST(GeneratorCircle, PointsLieOnTheCircleAtTheirAngle) {
  CircleSpec spec;
  spec.n = 2000;
  spec.radius = 1.7;
  const auto d = generate_circle(spec);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y", "theta"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"theta"}));
  EXPECT_FALSE(d.label.has_value());
  for (Index i = 0; i < d.n_events(); ++i) {
    const double x = d.values(i, 0), y = d.values(i, 1), theta = d.values(i, 2);
    EXPECT_NEAR(std::hypot(x, y), 1.7, 1e-12);
    EXPECT_NEAR(x, 1.7 * std::cos(theta), 1e-12);
    EXPECT_NEAR(y, 1.7 * std::sin(theta), 1e-12);
    EXPECT_GE(theta, 0);
    EXPECT_LT(theta, 2 * kPi);
  }
}

TEST(GeneratorCircle, NoAngleInsideTheGapAndUniformOverTheArc) {
  // A gap across angle 0 tests the wrap-around, and one at the default centre pi.
  for (const double centre : {0.0, kPi, -1.0}) {
    CircleSpec spec;
    spec.n = 4000;
    spec.gap_width = 1.0;
    spec.gap_centre = centre;
    const auto theta = column(generate_circle(spec), "theta");
    Eigen::VectorXd along(theta.size());  // angle from the gap's far edge, counter-clockwise
    for (Index i = 0; i < theta.size(); ++i) {
      EXPECT_GE(theta(i), 0);
      EXPECT_LT(theta(i), 2 * kPi);
      const double from_centre = std::remainder(theta(i) - centre, 2 * kPi);  // in [-pi, pi]
      EXPECT_GE(std::abs(from_centre), 0.5 - 1e-12) << "angle " << theta(i) << " in the gap at " << centre;
      along(i) = std::fmod(theta(i) - (centre + 0.5) + 4 * kPi, 2 * kPi);
    }
    EXPECT_LT(test::ks_uniform(along, 0, 2 * kPi - 1.0), 1.95) << "gap centre " << centre;
  }
}

TEST(GeneratorCircle, ArcIsTheCircleWithTheDefaultGap) {
  const CircleSpec arc = arc_spec();
  EXPECT_EQ(arc.gap_width, kArcGap);
  EXPECT_EQ(arc.gap_centre, kPi);
  EXPECT_EQ(arc.to_json()["generator"], "arc");
  EXPECT_EQ(CircleSpec{}.to_json()["generator"], "circle");
}

TEST(GeneratorCircle, NoGapKeepsTheFixtureDraws) {
  // tests/fixtures/circle_64.csv's first event (seed 1): the full circle's draws must not move.
  CircleSpec spec;
  spec.n = 1;
  const auto d = generate_circle(spec);
  EXPECT_EQ(d.values(0, 0), 0.7715502331350672);
  EXPECT_EQ(d.values(0, 1), -0.6361684036080568);
  EXPECT_EQ(d.values(0, 2), 5.59366337239051);
}

TEST(GeneratorCircle, SameEventsForAnyThreadCount) {
  CircleSpec spec;
  spec.n = 3000;
  spec.gap_width = 0.3;
  spec.noise = 0.05;
  spec.cluster_fraction = 0.1;
  test::expect_thread_independent(spec, generate_circle);
}

TEST(GeneratorCircle, BadArgumentsNameTheFlag) {
  const auto error = [](auto change) {
    CircleSpec spec;
    change(spec);
    return input_error([&] { generate_circle(spec); });
  };
  EXPECT_NE(error([](CircleSpec& s) { s.n = 0; }).find("--n"), std::string::npos);
  EXPECT_NE(error([](CircleSpec& s) { s.radius = -1; }).find("--radius"), std::string::npos);
  EXPECT_NE(error([](CircleSpec& s) { s.noise = -0.1; }).find("--noise"), std::string::npos);
  EXPECT_NE(error([](CircleSpec& s) { s.gap_width = -0.1; }).find("--gap-width"), std::string::npos);
  EXPECT_NE(error([](CircleSpec& s) { s.gap_width = 2 * kPi; }).find("--gap-width"), std::string::npos);
  EXPECT_NE(error([](CircleSpec& s) { s.embed_dim = 1; }).find("--embed-dim"), std::string::npos);
  EXPECT_NE(error([](CircleSpec& s) { s.cluster_fraction = 1; }).find("--cluster-fraction"), std::string::npos);
  EXPECT_NE(error([](CircleSpec& s) { s.cluster_fraction = -0.1; }).find("--cluster-fraction"), std::string::npos);
  EXPECT_EQ(error([](CircleSpec& s) { s.embed_dim = 2; }), "");
}

}  // namespace
}  // namespace topae::data
