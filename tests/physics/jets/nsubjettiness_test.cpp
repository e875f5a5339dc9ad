#include "topae/physics/jets/nsubjettiness.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "physics/jets/massless.hpp"

namespace topae::physics::jets {
namespace {

using test::massless;

// Three massless constituents, a (pT 100 at y = 0, phi = 0), b (50 at y = 0.3, phi = 0) and
// c (25 at y = 0, phi = 0.4), in a jet of radius R0 = 0.8, computed by hand:
//
// tau_2. kt reclusters first the pair of smallest min(pT_i, pT_j)^2 Delta R_ij^2: (a, c) with
// 25^2 0.4^2 = 100 before (b, c) with 25^2 (0.3^2 + 0.4^2) = 156.25 and (a, b) with
// 50^2 0.3^2 = 225. The two axes are a + c and b. Both a and c lie at y = 0, and so does a + c,
// at phi_ac = atan(25 sin 0.4 / (100 + 25 cos 0.4)); b is its own axis. So
//   tau_2 = (100 phi_ac + 25 (0.4 - phi_ac) + 50 * 0) / (175 R0).
// tau_1. The one axis is a + b + c, at y_J = artanh(pz / E) and phi_J = atan2(py, px) of the sum
// (E = 100 + 50 cosh 0.3 + 25, px = 100 + 50 + 25 cos 0.4, py = 25 sin 0.4, pz = 50 sinh 0.3), so
//   tau_1 = (100 dR(0, 0) + 50 dR(0.3, 0) + 25 dR(0, 0.4)) / (175 R0),
//   dR(y, phi) = sqrt((y - y_J)^2 + (phi - phi_J)^2).
// tau_3 = 0: three constituents, each its own axis.
TEST(PhysicsNSubjettiness, ThreeConstituentsByHand) {
  const double r0 = 0.8;
  const std::vector<FourVector> jet = {massless(100, 0, 0), massless(50, 0.3, 0), massless(25, 0, 0.4)};

  const double phi_ac = std::atan(25 * std::sin(0.4) / (100 + 25 * std::cos(0.4)));
  const double tau2 = (100 * phi_ac + 25 * (0.4 - phi_ac)) / (175 * r0);

  const double e = 100 + 50 * std::cosh(0.3) + 25, px = 150 + 25 * std::cos(0.4), py = 25 * std::sin(0.4),
               pz = 50 * std::sinh(0.3);
  const double y_j = std::atanh(pz / e), phi_j = std::atan2(py, px);
  const auto dr = [&](double y, double phi) { return std::hypot(y - y_j, phi - phi_j); };
  const double tau1 = (100 * dr(0, 0) + 50 * dr(0.3, 0) + 25 * dr(0, 0.4)) / (175 * r0);

  // The axes, as FastJet's exclusive kt jets give them: a + c and b (by decreasing pT).
  const auto axes2 = exclusive_kt_axes(jet, 2);
  ASSERT_EQ(axes2.size(), 2u);
  const FourVector ac = jet[0] + jet[2];
  EXPECT_TRUE((std::abs(axes2[0].e() - ac.e()) < 1e-9 && std::abs(axes2[1].e() - jet[1].e()) < 1e-9) ||
              (std::abs(axes2[1].e() - ac.e()) < 1e-9 && std::abs(axes2[0].e() - jet[1].e()) < 1e-9));

  const auto s = subjettiness(jet, r0);
  // Relative 1e-12: a few roundings of sums of O(100) numbers and of logs and square roots.
  EXPECT_NEAR(s.tau1, tau1, 1e-12 * tau1);
  EXPECT_NEAR(s.tau2, tau2, 1e-12 * tau2);
  EXPECT_EQ(s.tau3, 0.0);
  EXPECT_NEAR(s.tau21(), tau2 / tau1, 1e-12);
  EXPECT_EQ(s.tau32(), 0.0);
  // The numbers themselves, so that the closed forms above are pinned too (evaluated apart:
  // phi_ac = 0.078968, y_J = 0.086105, phi_J = 0.056206).
  EXPECT_NEAR(tau2, 0.113733, 1e-6);
  EXPECT_NEAR(tau1, 0.215720, 1e-6);
}

TEST(PhysicsNSubjettiness, GivenAxesAndTheNormalisation) {
  // Two constituents, one axis along the first: tau = pT_2 dR_12 / ((pT_1 + pT_2) R0).
  const std::vector<FourVector> c = {massless(30, 1.0, 0.5), massless(10, 1.3, 0.9)};
  const std::vector<FourVector> axis = {massless(1, 1.0, 0.5)};
  EXPECT_NEAR(n_subjettiness(c, axis, 0.4), 10 * 0.5 / (40 * 0.4), 1e-12);  // dR = hypot(0.3, 0.4) = 0.5
  // The axis' energy does not matter, only its direction.
  const std::vector<FourVector> far_axis = {massless(1000, 1.0, 0.5)};
  EXPECT_NEAR(n_subjettiness(c, far_axis, 0.4), n_subjettiness(c, axis, 0.4), 1e-14);
  // A constituent with pT = 0 has no weight in either sum.
  std::vector<FourVector> with_beam = c;
  with_beam.push_back({5, 0, 0, 5});
  EXPECT_DOUBLE_EQ(n_subjettiness(with_beam, axis, 0.4), n_subjettiness(c, axis, 0.4));
  EXPECT_EQ(n_subjettiness({}, axis, 0.4), 0.0);
}

TEST(PhysicsNSubjettiness, DeltaPhiWrapsAroundPi) {
  const FourVector a = massless(1, 0, std::numbers::pi - 0.1), b = massless(1, 0, -std::numbers::pi + 0.1);
  EXPECT_NEAR(delta_r(a, b), 0.2, 1e-12);
  EXPECT_NEAR(delta_r(massless(1, -0.5, 0), massless(2, 0.7, 0)), 1.2, 1e-12);
}

TEST(PhysicsNSubjettiness, InvariantUnderRotationsAndLongitudinalBoosts) {
  // tau_N depends on differences of y and phi only: rotating the jet about the beam (across
  // phi = pi) and boosting it along the beam (shifting every y) changes nothing.
  const double y[] = {0.1, 0.25, -0.05, 0.3, 0.12, 0.0};
  const double phi[] = {0.0, 0.2, 0.35, -0.15, 0.05, 0.5};
  const double pt[] = {80, 40, 20, 10, 5, 2.5};
  const auto jet = [&](double dy, double dphi) {
    std::vector<FourVector> c;
    for (int i = 0; i < 6; ++i) c.push_back(massless(pt[i], y[i] + dy, phi[i] + dphi));
    return c;
  };
  const auto s = subjettiness(jet(0, 0), 0.4);
  EXPECT_GT(s.tau1, s.tau2);
  EXPECT_GT(s.tau2, s.tau3);
  EXPECT_GT(s.tau3, 0.0);
  for (const auto& [dy, dphi] : {std::pair{1.7, 0.0}, {0.0, std::numbers::pi - 0.2}, {-2.2, -3.0}}) {
    const auto t = subjettiness(jet(dy, dphi), 0.4);
    EXPECT_NEAR(t.tau1, s.tau1, 1e-10);
    EXPECT_NEAR(t.tau2, s.tau2, 1e-10);
    EXPECT_NEAR(t.tau3, s.tau3, 1e-10);
  }
}

TEST(PhysicsNSubjettiness, FewConstituentsAndZeroDenominators) {
  EXPECT_EQ(tau_ratio(1.0, 0.0), 0.0);
  EXPECT_EQ(tau_ratio(0.0, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(tau_ratio(1.0, 4.0), 0.25);
  const std::vector<FourVector> one = {massless(50, 0.2, 1.0)};
  const auto s1 = subjettiness(one, 0.4);
  EXPECT_EQ(s1.tau1, 0.0);
  EXPECT_EQ(s1.tau21(), 0.0);
  EXPECT_EQ(s1.tau32(), 0.0);
  const std::vector<FourVector> two = {massless(50, 0.2, 1.0), massless(20, 0.3, 1.1)};
  const auto s2 = subjettiness(two, 0.4);
  EXPECT_GT(s2.tau1, 0.0);
  EXPECT_EQ(s2.tau2, 0.0);
  EXPECT_EQ(s2.tau21(), 0.0);
  EXPECT_EQ(exclusive_kt_axes(two, 3).size(), 2u);  // at most n constituents: themselves
}

TEST(PhysicsNSubjettiness, RapidityAsFastJetComputesIt) {
  const FourVector p(10, 3, 4, 5);
  EXPECT_NEAR(rapidity(p), 0.5 * std::log(15.0 / 5.0), 1e-14);
  EXPECT_NEAR(rapidity(p.parity()), -0.5 * std::log(15.0 / 5.0), 1e-14);
  EXPECT_NEAR(rapidity(massless(7, -1.25, 2)), -1.25, 1e-13);
  // Along the beam: finite, +-(1e5 + |pz|).
  EXPECT_EQ(rapidity({5, 0, 0, 5}), 1e5 + 5);
  EXPECT_EQ(rapidity({5, 0, 0, -5}), -(1e5 + 5));
  // E slightly below |pz| by rounding: m^2 < 0 clipped, still finite and near the massless value.
  const FourVector q = massless(1e-3, 8, 0);
  const FourVector rounded(q.e() * (1 - 1e-15), q.px(), q.py(), q.pz());
  EXPECT_TRUE(std::isfinite(rapidity(rounded)));
  EXPECT_NEAR(rapidity(rounded), 8, 1e-6);
}

}  // namespace
}  // namespace topae::physics::jets
