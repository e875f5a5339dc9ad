#include "topae/physics/jets/clustering.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "physics/jets/massless.hpp"
#include "topae/core/error.hpp"

namespace topae::physics::jets {
namespace {

using test::massless;

void expect_same(const FourVector& a, const FourVector& b) {
  const double scale = 1e-12 * (std::abs(a.e()) + std::abs(b.e()));
  EXPECT_NEAR(a.e(), b.e(), scale);
  EXPECT_NEAR(a.px(), b.px(), scale);
  EXPECT_NEAR(a.py(), b.py(), scale);
  EXPECT_NEAR(a.pz(), b.pz(), scale);
}

// A hard particle H (pT 100 at phi = 0) and two soft ones, S1 (pT 1 at phi = 0.5) and S2 (pT 1
// at phi = 0.9), all at y = 0, with R = 0.6. The three algorithms disagree, by hand:
//   anti-kt: d_ij = min(1/pT^2) dR^2 / R^2: d(H,S1) = 1e-4 * 0.25/0.36 is the smallest, so H
//            takes S1 (dR 0.5 < R); S2 is 0.9 from H, beyond R: jets {H + S1}, {S2}.
//   kt:      d_ij = min(pT^2) dR^2 / R^2: d(S1,S2) = 0.16/0.36 = 0.44 < d(H,S1) = 0.69 < d_iB = 1:
//            S1 + S2 first (pT ~2 at phi 0.7); then 0.7 from H, beyond R: jets {H}, {S1 + S2}.
//   C/A:     the smallest dR first: S1-S2 (0.4) before H-S1 (0.5): as kt.
TEST(PhysicsJets, AntiKtKtAndCambridgeAachenByHand) {
  const FourVector h = massless(100, 0, 0), s1 = massless(1, 0, 0.5), s2 = massless(1, 0, 0.9);
  const std::vector<FourVector> event = {s2, h, s1};
  JetSpec spec;
  spec.r = 0.6;

  spec.algorithm = JetAlgorithm::antikt;
  auto jets = cluster_jets(event, spec);
  ASSERT_EQ(jets.size(), 2u);
  expect_same(jets[0].momentum, h + s1);
  EXPECT_EQ(jets[0].constituents.size(), 2u);
  expect_same(jets[0].constituents[0], h);  // by decreasing pT
  expect_same(jets[1].momentum, s2);

  for (const auto algorithm : {JetAlgorithm::kt, JetAlgorithm::ca}) {
    spec.algorithm = algorithm;
    jets = cluster_jets(event, spec);
    ASSERT_EQ(jets.size(), 2u) << jet_algorithm_name(algorithm);
    expect_same(jets[0].momentum, h);
    expect_same(jets[1].momentum, s1 + s2);
    EXPECT_EQ(jets[1].constituents.size(), 2u);
  }
  // R = 1: S2, 0.9 from H, joins too.
  spec.algorithm = JetAlgorithm::antikt;
  spec.r = 1.0;
  jets = cluster_jets(event, spec);
  ASSERT_EQ(jets.size(), 1u);
  expect_same(jets[0].momentum, h + s1 + s2);
}

TEST(PhysicsJets, BackToBackJetsSortedByPtAndThePtCut) {
  // Two narrow sprays, back to back in phi and at different rapidities, and a soft particle far
  // from both.
  const std::vector<FourVector> a = {massless(40, 1.0, 0.1), massless(20, 1.1, 0.0), massless(5, 0.9, 0.05)};
  const std::vector<FourVector> b = {massless(50, -0.5, 3.1), massless(30, -0.6, -3.1)};  // across phi = pi
  const FourVector soft = massless(2, 3.0, 1.6);
  std::vector<FourVector> event = a;
  event.insert(event.end(), b.begin(), b.end());
  event.push_back(soft);
  event.push_back({7, 0, 0, 7});  // along the beam: pT = 0, left out
  JetSpec spec;
  spec.r = 0.4;
  auto jets = cluster_jets(event, spec);
  ASSERT_EQ(jets.size(), 3u);
  expect_same(jets[0].momentum, b[0] + b[1]);  // pT 80 before 65
  expect_same(jets[1].momentum, a[0] + a[1] + a[2]);
  expect_same(jets[2].momentum, soft);
  EXPECT_GT(jets[0].momentum.pt(), jets[1].momentum.pt());

  spec.ptmin = 10;
  jets = cluster_jets(event, spec);
  ASSERT_EQ(jets.size(), 2u);
  std::vector<Jet> reused(5);
  cluster_jets({}, spec, reused);
  EXPECT_TRUE(reused.empty());
}

TEST(PhysicsJets, SpecChecksAndNames) {
  JetSpec spec;
  EXPECT_NO_THROW(spec.check());
  EXPECT_EQ(spec.description(), "anti-kt, R = 0.4, pT >= 0 GeV");
  spec.r = 0;
  EXPECT_THROW(spec.check(), InputError);
  spec.r = 0.4;
  spec.ptmin = -1;
  EXPECT_THROW(spec.check(), InputError);
  spec.ptmin = std::nan("");
  EXPECT_THROW(spec.check(), InputError);
  EXPECT_EQ(parse_jet_algorithm("ca"), JetAlgorithm::ca);
  EXPECT_EQ(jet_algorithm_name(parse_jet_algorithm("kt")), "kt");
  EXPECT_THROW(parse_jet_algorithm("siscone"), InputError);
  EXPECT_EQ(JetSpec{}.to_json()["algorithm"], "antikt");
}

}  // namespace
}  // namespace topae::physics::jets
