#include "topae/physics/three_body_chart.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::physics {
namespace {

TEST(PhysicsThreeBodyChart, StartGivesTheCentreEventAndEveryPointIsPhysical) {
  PhaseSpaceSpec spec;
  spec.n_events = 200;
  const auto s = generate_phase_space(spec);
  for (Index i = 0; i < s.n_events(); ++i) {
    const ThreeBodyChart chart(s.event(i));
    const auto back = chart.event(chart.start());
    for (int k = 0; k < 3; ++k) {
      const FourVector d = back[k] - s.event(i)[k];
      EXPECT_LT(std::max({std::abs(d.e()), std::abs(d.px()), std::abs(d.py()), std::abs(d.pz())}), 1e-9 * spec.energy)
          << "event " << i << " particle " << k;
    }
    // Far from the centre: still massless momenta conserving (E, 0).
    Eigen::VectorXd u = chart.start() + Eigen::VectorXd::LinSpaced(5, -3.0, 4.0);
    const auto p = chart.event(u);
    const FourVector total = p[0] + p[1] + p[2];
    EXPECT_NEAR(total.e(), spec.energy, 1e-9 * spec.energy);
    EXPECT_LT(total.p(), 1e-9 * spec.energy);
    for (const auto& q : p) EXPECT_NEAR(q.e(), q.p(), 1e-9 * spec.energy);
  }
}

TEST(PhysicsThreeBodyChart, RejectsBoundaryEvents) {
  const FourVector a(500, 500, 0, 0), b(500, -500, 0, 0), c(0, 0, 0, 0);
  const std::array<FourVector, 3> soft = {a, b, c};
  EXPECT_THROW(ThreeBodyChart{soft}, InputError);
  const std::array<FourVector, 2> two = {a, b};
  EXPECT_THROW(ThreeBodyChart{two}, InputError);
}

}  // namespace
}  // namespace topae::physics
