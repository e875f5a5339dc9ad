#include "topae/physics/features.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/physics/bump_hunt.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::physics {
namespace {

// Kolmogorov-Smirnov statistic of `x` against `cdf`.
template <class Cdf>
double ks_statistic(std::vector<double> x, Cdf cdf) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, (i + 1) / n - f, f - i / n});
  }
  return d;
}

TEST(PhysicsFeatures, ColumnsMomentaAndInvariants) {
  EXPECT_EQ(feature_columns(2, FeatureSet::momenta),
            (std::vector<std::string>{"E_1", "px_1", "py_1", "pz_1", "E_2", "px_2", "py_2", "pz_2"}));
  EXPECT_EQ(feature_columns(3, FeatureSet::invariants), (std::vector<std::string>{"s_12", "s_13", "s_23"}));
  EXPECT_EQ(feature_columns(3, FeatureSet::both).size(), 15u);

  PhaseSpaceSpec spec;
  spec.masses = {0, 0, 100};
  spec.n_events = 1000;
  const auto s = generate_phase_space(spec);
  FeatureSpec f;
  f.features = FeatureSet::both;
  f.order = ParticleOrder::energy;
  const auto d = to_dataset(s, spec.energy, f);
  d.check("test");
  ASSERT_EQ(d.values.cols(), 18);
  EXPECT_EQ(d.truth, (std::vector<std::string>{"m_12", "m_13", "m_23"}));
  EXPECT_EQ(d.feature_columns().size(), 15u);
  ASSERT_TRUE(d.weight.has_value());
  const double e2 = spec.energy * spec.energy;
  for (Index i = 0; i < d.n_events(); ++i) {
    EXPECT_EQ((*d.weight)(i), s.weight[i]);
    EXPECT_GE(d.values(i, 0), d.values(i, 4));
    EXPECT_GE(d.values(i, 4), d.values(i, 8));
    // s_12 + s_13 + s_23 = (E^2 + sum m_i^2) / E^2.
    EXPECT_NEAR(d.values(i, 12) + d.values(i, 13) + d.values(i, 14), 1 + 100.0 * 100.0 / e2, 1e-12);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(d.values(i, 15 + k) * d.values(i, 15 + k) / e2, d.values(i, 12 + k), 1e-12);
  }
  f.order = ParticleOrder::generated;
  f.features = FeatureSet::momenta;
  const auto g = to_dataset(s, spec.energy, f);
  for (Index i = 0; i < 10; ++i) {
    EXPECT_EQ(g.values(i, 8), s.event(i)[2].e());
    EXPECT_EQ(g.values(i, 11), s.event(i)[2].pz());
  }
  EXPECT_THROW(parse_feature_set("jets"), InputError);
  EXPECT_THROW(parse_particle_order("pt"), InputError);
}

TEST(PhysicsFeatures, ParityIsTheAntipodeAndKeepsInvariants) {
  PhaseSpaceSpec spec;
  spec.n_events = 10;
  const auto s = generate_phase_space(spec);
  std::vector<FourVector> p(s.event(3).begin(), s.event(3).end());
  apply_parity(p);
  FeatureSpec f;
  f.features = FeatureSet::both;
  ASSERT_EQ(table_columns(3, f.features).size(), 18u);  // 12 momenta, 3 invariants, 3 masses
  std::vector<double> a(18), b(18);
  event_row(s.event(3), spec.energy, f, a.data());
  event_row(p, spec.energy, f, b.data());
  for (int k = 0; k < 12; ++k) EXPECT_EQ(b[k], (k % 4 == 0) ? a[k] : -a[k]);
  for (int k = 12; k < 18; ++k) EXPECT_NEAR(b[k], a[k], 1e-12 * std::max(1.0, a[k]));
}

TEST(PhysicsFeatures, ParityOfASampleAndOfMomentumFeaturesIsParityOfEachEvent) {
  PhaseSpaceSpec spec;
  spec.n_events = 10;
  const auto s = generate_phase_space(spec);
  auto image = s;
  apply_parity(image);
  for (Index i = 0; i < s.n_events(); ++i) {
    std::vector<FourVector> p(s.event(i).begin(), s.event(i).end());
    apply_parity(p);
    EXPECT_TRUE(std::equal(p.begin(), p.end(), image.event(i).begin()));
    EXPECT_EQ(momentum_features_parity(momentum_features(s.event(i))), momentum_features(p));
  }
  EXPECT_THROW(momentum_features_parity(Eigen::VectorXd::Zero(5)), InputError);
}

TEST(PhysicsFeatures, InvariantsOfMomentumFeaturesAreTheInvariantFeatures) {
  PhaseSpaceSpec spec;
  spec.masses = {0, 10, 100};
  spec.n_events = 50;
  FeatureSpec f;
  f.features = FeatureSet::both;
  const auto d = to_dataset(generate_phase_space(spec), spec.energy, f);
  const Table s = momentum_invariants(d.values.leftCols(12), spec.energy);
  ASSERT_EQ(s.cols(), 3);
  for (Index i = 0; i < d.n_events(); ++i) {
    for (int k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(s(i, k), d.values(i, 12 + k));  // s_12, s_13, s_23
  }
  // Any four-vectors, conserving nothing: (p_1 + p_2)^2 = (1 + 3)^2 - 0 - 0 - 1^2 = 15.
  const Table two{{1, 0, 0, 0, 3, 0, 0, 1}};
  EXPECT_DOUBLE_EQ(momentum_invariants(two, 2.0)(0, 0), 15.0 / 4);
  EXPECT_THROW(momentum_invariants(Table::Zero(2, 7), 1.0), InputError);
}

TEST(PhysicsResonance, ParsesAndRejectsBadArguments) {
  const auto r = Resonance::parse("1,3:mass=500,width=5");
  EXPECT_EQ(r.daughter_1, 1);
  EXPECT_EQ(r.daughter_2, 3);
  EXPECT_EQ(r.mass, 500);
  EXPECT_EQ(r.width, 5);
  EXPECT_THROW(Resonance::parse("1,2"), InputError);
  EXPECT_THROW(Resonance::parse("1:mass=5"), InputError);
  EXPECT_THROW(Resonance::parse("1,2:mass=x"), InputError);
  EXPECT_THROW(Resonance::parse("1,2:width=3"), InputError);
  // JSON holds the --resonance text; doubles print in their shortest exact form.
  const auto odd = Resonance::parse("2,3:mass=512.3456789,width=0.1");
  EXPECT_EQ(nlohmann::json(odd), "2,3:mass=512.3456789,width=0.1");
  const auto back = nlohmann::json(odd).get<Resonance>();
  EXPECT_EQ(back.daughter_1, 2);
  EXPECT_EQ(back.mass, odd.mass);
  EXPECT_EQ(back.width, odd.width);
  PhaseSpaceSpec spec;
  spec.resonance = Resonance::parse("1,4:mass=500,width=5");
  EXPECT_THROW(spec.validate(), InputError);
  spec.resonance = Resonance::parse("1,2:mass=500,width=-5");
  EXPECT_THROW(spec.validate(), InputError);
  spec.resonance = Resonance::parse("2,2:mass=500,width=5");
  EXPECT_THROW(spec.validate(), InputError);
  spec.resonance = Resonance::parse("1,2:mass=500,width=5");
  spec.masses = {0, 0};
  EXPECT_THROW(spec.validate(), InputError);
}

TEST(PhysicsResonance, PoleMustLieInsideTheKinematicRangeWithPositiveWidth) {
  PhaseSpaceSpec spec;  // E = 1000, three massless particles
  spec.resonance = Resonance::parse("1,2:mass=999.5,width=5");
  EXPECT_NO_THROW(spec.validate());
  for (const char* bad : {"1,2:mass=5000,width=5", "1,2:mass=1000,width=5", "1,2:mass=500,width=0",
                          "1,2:mass=500,width=1e308"}) {
    spec.resonance = Resonance::parse(bad);
    EXPECT_THROW(spec.validate(), InputError) << bad;
  }
  spec.masses = {300, 300, 100};  // daughters 600, others 100: the pole within (600, 900)
  for (const char* bad : {"1,2:mass=500,width=5", "1,2:mass=600,width=5", "1,2:mass=900,width=5"}) {
    spec.resonance = Resonance::parse(bad);
    EXPECT_THROW(spec.validate(), InputError) << bad;
  }
  spec.resonance = Resonance::parse("1,2:mass=899,width=5");
  EXPECT_NO_THROW(spec.validate());
  EXPECT_THROW(Resonance::parse("1,2:mass=500"), InputError);
  EXPECT_THROW(Resonance::parse("1,2:mass=500,width=5,mass=600"), InputError);
}

TEST(PhysicsParseMasses, CountsAndNumbers) {
  EXPECT_EQ(parse_masses("", 3), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(parse_masses("1.5,+2,0", 3), (std::vector<double>{1.5, 2, 0}));
  for (const char* bad : {"1,2", "1,2,3,4", "1,,2", "1,x,2", "1,2,nan", "1,2,inf", " 1,2,3", "1,2,3 ", "1,2,"})
    EXPECT_THROW(parse_masses(bad, 3), InputError) << bad;
  EXPECT_THROW(parse_masses("", 1), InputError);
  EXPECT_THROW(parse_masses("", kMaxParticles + 1), InputError);
  EXPECT_EQ(parse_masses("", kMaxParticles).size(), static_cast<std::size_t>(kMaxParticles));
}

TEST(PhysicsResonance, SignalMassFollowsTheTruncatedBreitWigner) {
  struct Case {
    std::vector<double> masses;
    Resonance r;
  };
  for (const auto& c : std::vector<Case>{{{0, 0, 0}, {1, 2, 500, 50}}, {{0, 0, 100}, {1, 3, 300, 100}},
                                         {{10, 20, 30, 40}, {2, 4, 700, 30}}}) {
    PhaseSpaceSpec spec;
    spec.masses = c.masses;
    spec.resonance = c.r;
    spec.n_events = 20000;
    const auto s = generate_phase_space(spec);
    std::vector<double> m;
    const int a = c.r.daughter_1 - 1, b = c.r.daughter_2 - 1;
    double others = 0;
    for (const double x : c.masses) others += x;
    const double lo = c.masses[a] + c.masses[b], hi = spec.energy - (others - lo);
    for (Index i = 0; i < s.n_events(); ++i) {
      const auto p = s.event(i);
      FourVector t;
      for (const auto& q : p) t += q;
      ASSERT_LE(std::sqrt(t.p2()), 1e-12 * spec.energy) << "m12 " << (p[a] + p[b]).m() << " case " << c.r.description();
      ASSERT_LE(std::abs(t.e() - spec.energy), 1e-12 * spec.energy) << "m12 " << (p[a] + p[b]).m() << " Eab " << (p[a] + p[b]).e() << " case " << c.r.description() << " i " << i;
      for (std::size_t k = 0; k < p.size(); ++k) {
        const double m2 = c.masses[k] * c.masses[k];
        ASSERT_LE(std::abs(p[k].m2() - m2), 1e-10 * std::max(m2, p[k].e() * p[k].e()));
      }
      m.push_back((p[a] + p[b]).m());
    }
    const double d = ks_statistic(m, [&](double x) { return breit_wigner_cdf(x, c.r.mass, c.r.width, lo, hi); });
    // Asymptotic Kolmogorov critical value at p = 1e-6: sqrt(-ln(p / 2) / 2) / sqrt(n).
    const double critical = std::sqrt(-std::log(0.5e-6) / 2) / std::sqrt(static_cast<double>(m.size()));
    EXPECT_LT(d, critical);
  }
}

TEST(PhysicsResonance, NarrowWidthPutsM12AtTheMass) {
  // Width 0 is refused (validate: the width must be positive); 1e-6 is the narrow limit here.
  for (const double width : {1.0, 1e-3, 1e-6}) {
    PhaseSpaceSpec spec;
    spec.resonance = Resonance{1, 2, 500, width};
    spec.n_events = 2000;
    const auto s = generate_phase_space(spec);
    std::vector<double> dev;
    for (Index i = 0; i < s.n_events(); ++i) {
      const auto p = s.event(i);
      dev.push_back(std::abs((p[0] + p[1]).m() - 500));
    }
    std::sort(dev.begin(), dev.end());
    // Cauchy-like: the median of |m12 - M| is about Gamma / 2, so m12 -> M as Gamma -> 0.
    EXPECT_LE(dev[dev.size() / 2], width);
    EXPECT_GE(dev[dev.size() / 2], 0.3 * width);
  }
}

// The helicity angle theta of daughter 1 in X's rest frame against X's flight direction:
// isotropic for spin 0, (3/2) cos^2 for spin 1. For massless particles the invariants give it
// too: cos(theta) = (m_13^2 - m_23^2) / (m_13^2 + m_23^2), which the bump hunt's features use.
TEST(PhysicsResonance, SpinSetsTheHelicityAngle) {
  EXPECT_EQ(Resonance::parse("1,2:mass=500,width=5,spin=1").spin, 1);
  EXPECT_EQ(Resonance::parse("1,2:mass=500,width=5,spin=1").description(), "1,2:mass=500,width=5,spin=1");
  EXPECT_EQ(Resonance::parse("1,2:mass=500,width=5").description(), "1,2:mass=500,width=5");
  EXPECT_THROW(Resonance::parse("1,2:mass=500,width=5,spin=2"), InputError);
  for (const int spin : {0, 1}) {
    PhaseSpaceSpec spec;
    spec.resonance = Resonance{1, 2, 500, 5, spin};
    spec.n_events = 4000;
    const auto s = generate_phase_space(spec);
    std::vector<double> c;
    for (Index i = 0; i < s.n_events(); ++i) {
      const auto p = s.event(i);
      const FourVector x = p[0] + p[1];
      const FourVector d = p[0].to_rest_frame(x);
      const double dn = std::sqrt(d.px() * d.px() + d.py() * d.py() + d.pz() * d.pz());
      const double xn = std::sqrt(x.px() * x.px() + x.py() * x.py() + x.pz() * x.pz());
      c.push_back((d.px() * x.px() + d.py() * x.py() + d.pz() * x.pz()) / (dn * xn));
      const double m13 = (p[0] + p[2]).m2(), m23 = (p[1] + p[2]).m2();
      EXPECT_NEAR(c.back(), (m13 - m23) / (m13 + m23), 1e-9);
    }
    const auto cdf = [spin](double v) { return spin == 1 ? (v * v * v + 1) / 2 : (v + 1) / 2; };
    const double critical = std::sqrt(-std::log(0.5e-6) / 2) / std::sqrt(static_cast<double>(c.size()));
    EXPECT_LT(ks_statistic(c, cdf), critical) << "spin " << spin;
    // And the other spin's CDF is refused: the test can fail.
    EXPECT_GT(ks_statistic(c, [spin](double v) { return spin == 0 ? (v * v * v + 1) / 2 : (v + 1) / 2; }), critical);
  }
}

TEST(PhysicsBumpHunt, LabelsAndSignalFraction) {
  BumpHuntSpec spec;
  spec.phase_space.resonance = Resonance{1, 2, 500, 5};
  spec.phase_space.n_events = 1000;
  spec.signal_fraction = 0.1;
  spec.features.features = FeatureSet::invariants;
  const auto d = generate_bump_hunt(spec);
  d.check("test");
  ASSERT_TRUE(d.label.has_value());
  EXPECT_EQ(d.label->sum(), 100);
  EXPECT_EQ((*d.label)(899), 0);
  EXPECT_EQ((*d.label)(900), 1);
  // Breit-Wigner tails aside, signal m12 = E sqrt(s_12) lies near M = 500.
  int near = 0;
  for (Index i = 900; i < 1000; ++i) near += std::abs(std::sqrt(d.values(i, 0)) * 1000 - 500) < 50;
  EXPECT_GE(near, 90);
  spec.signal_fraction = 1.5;
  EXPECT_THROW(generate_bump_hunt(spec), InputError);
}

TEST(PhysicsBumpHunt, ChunksAreTheRowsOfTheWholeTableAcrossTheSignalBoundary) {
  BumpHuntSpec spec;
  spec.phase_space.resonance = Resonance{1, 2, 500, 5};
  spec.phase_space.masses = {0, 10, 20};
  spec.phase_space.unweight = true;  // the background only
  spec.phase_space.pilot_events = 1000;
  spec.phase_space.n_events = 500;
  spec.signal_fraction = 0.1;
  const auto whole = generate_bump_hunt(spec);
  BumpHuntGenerator generator(spec);
  EXPECT_EQ(generator.signal_events(), 50);
  for (Index first = 0; first < 500; first += 33) {  // the chunk [429, 462) straddles row 450
    const Index count = std::min<Index>(33, 500 - first);
    const auto chunk = generator.rows(first, count);
    EXPECT_EQ(chunk.columns, whole.columns);
    EXPECT_TRUE(chunk.values == whole.values.middleRows(first, count)) << "rows from " << first;
    EXPECT_TRUE(*chunk.weight == whole.weight->segment(first, count));
    EXPECT_TRUE(*chunk.label == whole.label->segment(first, count));
  }
}

}  // namespace
}  // namespace topae::physics
