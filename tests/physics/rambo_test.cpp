#include "topae/physics/rambo.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::physics {
namespace {

constexpr double kPi = std::numbers::pi;

// Conservation and on-shell checks on one event.
void expect_physical(const std::vector<FourVector>& p, const std::vector<double>& masses, double energy) {
  FourVector t;
  for (const auto& q : p) t += q;
  EXPECT_LE(std::sqrt(t.p2()), 1e-12 * energy);
  EXPECT_LE(std::abs(t.e() - energy), 1e-12 * energy);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double m2 = masses[i] * masses[i];
    // Relative to the particle's energy squared (m = 0 has no scale of its own).
    EXPECT_LE(std::abs(p[i].m2() - m2), 1e-10 * std::max(m2, p[i].e() * p[i].e())) << "particle " << i;
    EXPECT_GT(p[i].e(), 0);
  }
}

// Events (seed, 0 .. count-1) from the fast path, batch by batch as generate_phase_space
// draws them (the last batch partial when count is not a multiple of kLanes).
std::vector<Event> lane_events(const Rambo& rambo, std::uint64_t seed, int count) {
  const int n = rambo.n_particles();
  std::vector<FourVector> p(static_cast<std::size_t>(count * n));
  std::vector<double> w(static_cast<std::size_t>(count));
  std::vector<double> scratch;
  for (int first = 0; first < count; first += Rambo::kLanes) {
    rambo.generate_lanes(seed, static_cast<std::uint64_t>(first), std::min(Rambo::kLanes, count - first),
                         p.data() + first * n, w.data() + first, scratch);
  }
  std::vector<Event> events(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    events[i].momenta.assign(p.begin() + i * n, p.begin() + (i + 1) * n);
    events[i].weight = w[i];
  }
  return events;
}

// The one-event reference path on streams (seed, 0 .. count-1).
std::vector<Event> reference_events(const Rambo& rambo, std::uint64_t seed, int count) {
  std::vector<Event> events;
  for (int i = 0; i < count; ++i) {
    RandomStream rng(seed, static_cast<std::uint64_t>(i));
    events.push_back(rambo.generate(rng));
  }
  return events;
}

TEST(PhysicsRambo, MasslessConservesMomentumAndWeightIsTheAnalyticVolume) {
  const double energy = 1000;
  for (int n = 2; n <= 8; ++n) {
    const std::vector<double> masses(n, 0.0);
    const Rambo rambo(energy, masses);
    // Independent: (2 pi)^(4-3n) (pi/2)^(n-1) E^(2n-4) / ((n-1)! (n-2)!), plain products.
    double fact1 = 1, fact2 = 1;
    for (int k = 2; k <= n - 1; ++k) fact1 *= k;
    for (int k = 2; k <= n - 2; ++k) fact2 *= k;
    const double volume = std::pow(2 * kPi, 4 - 3 * n) * std::pow(kPi / 2, n - 1) * std::pow(energy, 2 * n - 4) /
                          (fact1 * fact2);
    for (const auto& events : {reference_events(rambo, 7, 20000), lane_events(rambo, 7, 20000)}) {
      for (const Event& ev : events) {
        ASSERT_EQ(ev.n_particles(), n);
        EXPECT_NEAR(ev.weight, volume, 1e-12 * volume);
        expect_physical(ev.momenta, masses, energy);
      }
    }
  }
}

TEST(PhysicsRambo, MassiveConservesMomentumAndIsOnShell) {
  const double energy = 1000;
  for (int n = 2; n <= 8; ++n) {
    std::vector<double> masses(n);
    for (int i = 0; i < n; ++i) masses[i] = (i % 3 == 0) ? 0.0 : 20.0 * (i + 1);
    masses[n - 1] = 700.0 / n;  // at least one massive particle
    const Rambo rambo(energy, masses);
    EXPECT_FALSE(rambo.massless());
    for (const auto& events : {reference_events(rambo, 11, 20000), lane_events(rambo, 11, 20000)}) {
      for (const Event& ev : events) {
        EXPECT_GT(ev.weight, 0);
        expect_physical(ev.momenta, masses, energy);
      }
    }
  }
}

TEST(PhysicsRambo, LanesGiveTheReferenceEventsToRounding) {
  // The fast path draws the same random numbers; only libmvec's log, sin and cos (<= 4 ulp)
  // and the order of floating-point operations differ. 1003 events: a partial last batch.
  const double energy = 1000;
  for (int n = 2; n <= 8; ++n) {
    std::vector<double> masses(n, 0.0);
    for (const bool massive : {false, true}) {
      if (massive) masses[n - 1] = 500.0 / n;
      const Rambo rambo(energy, masses);
      const auto fast = lane_events(rambo, 3, 1003);
      const auto ref = reference_events(rambo, 3, 1003);
      for (std::size_t e = 0; e < ref.size(); ++e) {
        EXPECT_NEAR(fast[e].weight, ref[e].weight, 1e-12 * ref[e].weight) << "n " << n << " event " << e;
        for (int i = 0; i < n; ++i) {
          const FourVector d = fast[e].momenta[i] - ref[e].momenta[i];
          EXPECT_LE(std::max({std::abs(d.e()), std::abs(d.px()), std::abs(d.py()), std::abs(d.pz())}), 1e-12 * energy)
              << "n " << n << " event " << e << " particle " << i;
        }
      }
    }
  }
}

TEST(PhysicsRambo, LanesWriteOnlyTheEventsAskedFor) {
  const Rambo rambo(1000, {0, 0, 100});
  const FourVector sentinel(-1, -2, -3, -4);
  std::vector<FourVector> p(3 * Rambo::kLanes, sentinel);
  std::vector<double> w(Rambo::kLanes, -1);
  std::vector<double> scratch;
  rambo.generate_lanes(5, 0, 3, p.data(), w.data(), scratch);
  for (int l = 0; l < Rambo::kLanes; ++l) {
    EXPECT_EQ(w[l] > 0, l < 3) << "lane " << l;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(p[l * 3 + i] == sentinel, l >= 3) << "lane " << l;
  }
}

TEST(PhysicsRambo, MassiveTwoBodyWeightIsTheAnalyticVolume) {
  // Phi_2 = (2 pi)^(-2) pi |p| / E = |p| / (4 pi E), |p| = sqrt(lambda(E^2, m1^2, m2^2)) / (2E).
  for (const auto& [m1, m2] : std::vector<std::pair<double, double>>{{0, 100}, {100, 300}, {450, 500}, {10, 980}}) {
    const double energy = 1000;
    const double lambda = (energy * energy - (m1 + m2) * (m1 + m2)) * (energy * energy - (m1 - m2) * (m1 - m2));
    const double p = std::sqrt(lambda) / (2 * energy);
    const double volume = p / (4 * kPi * energy);
    const Rambo rambo(energy, {m1, m2});
    for (std::uint64_t i = 0; i < 200; ++i) {
      RandomStream rng(3, i);
      const Event ev = rambo.generate(rng);
      EXPECT_NEAR(ev.weight, volume, 1e-12 * volume);
      EXPECT_NEAR(std::sqrt(ev.momenta[0].p2()), p, 1e-10 * energy);
    }
    EXPECT_NEAR(two_body_phase_space_volume(energy, m1, m2), volume, 1e-14 * volume);
  }
}

// Phi_3 by nested two-body decays: Phi_3 = Int dm23^2 / (2 pi) Phi_2(E; m1, m23) Phi_2(m23; m2, m3),
// with Phi_2(M; a, b) = |p| / (4 pi M); m23 = lo + (hi - lo)(1 - cos t)/2 removes the square
// root endpoints, then the midpoint rule in t.
double three_body_volume(double energy, double m1, double m2, double m3) {
  auto phi2 = [](double mm, double a, double b) {
    const double l = (mm * mm - (a + b) * (a + b)) * (mm * mm - (a - b) * (a - b));
    return std::sqrt(std::max(0.0, l)) / (2 * mm) / (4 * kPi * mm);
  };
  const double lo = m2 + m3, hi = energy - m1;
  const int steps = 200000;
  double sum = 0;
  for (int k = 0; k < steps; ++k) {
    const double t = kPi * (k + 0.5) / steps;
    const double m23 = lo + (hi - lo) * (1 - std::cos(t)) / 2;
    const double dm23_dt = (hi - lo) * std::sin(t) / 2;
    sum += 2 * m23 * dm23_dt / (2 * kPi) * phi2(energy, m1, m23) * phi2(m23, m2, m3);
  }
  return sum * kPi / steps;
}

TEST(PhysicsRambo, NumericalThreeBodyVolumeAgreesWithTheMasslessFormula) {
  const double v = three_body_volume(1000, 0, 0, 0);
  const double expected = massless_phase_space_volume(3, 1000);
  EXPECT_NEAR(v, expected, 1e-8 * expected);
}

TEST(PhysicsRambo, MassiveThreeBodyMeanWeightAgreesWithNumericalIntegration) {
  const double energy = 1000;
  for (const auto& masses : std::vector<std::vector<double>>{{0, 0, 100}, {100, 200, 300}, {50, 400, 400}}) {
    PhaseSpaceSpec spec;
    spec.energy = energy;
    spec.masses = masses;
    spec.n_events = 200000;
    spec.seed = 5;
    const auto s = generate_phase_space(spec);
    double sum = 0, sum2 = 0;
    for (const double w : s.weight) {
      sum += w;
      sum2 += w * w;
    }
    const double n = static_cast<double>(s.n_events());
    const double mean = sum / n;
    const double sigma = std::sqrt((sum2 / n - mean * mean) / (n - 1));
    const double reference = three_body_volume(energy, masses[0], masses[1], masses[2]);
    EXPECT_LE(std::abs(mean - reference), 3 * sigma) << "mean " << mean << " reference " << reference;
    EXPECT_GT(sigma, 0);
  }
}

TEST(PhysicsRambo, MasslessThreeBodyIsUniformOverTheDalitzTriangle) {
  PhaseSpaceSpec spec;
  spec.energy = 1;
  spec.masses = {0, 0, 0};
  spec.n_events = 1000000;
  spec.seed = 1;
  const auto s = generate_phase_space(spec);
  constexpr int bins = 20;  // over [0, E^2]^2 in (m12^2, m23^2)
  std::vector<double> counts(bins * bins, 0.0);
  for (Index i = 0; i < s.n_events(); ++i) {
    const auto p = s.event(i);
    const double m12 = (p[0] + p[1]).m2(), m23 = (p[1] + p[2]).m2();
    const int a = std::min(bins - 1, static_cast<int>(m12 * bins));
    const int b = std::min(bins - 1, static_cast<int>(m23 * bins));
    counts[a * bins + b] += 1;
  }
  // Bins fully inside the triangle m12^2 + m23^2 <= E^2: (a + 1) + (b + 1) <= bins.
  // The density is uniform on the triangle of area 1/2: each such bin expects n (1/bins^2) / (1/2).
  const double expected = 2.0 * static_cast<double>(s.n_events()) / (bins * bins);
  double chi2 = 0;
  int df = 0;
  for (int a = 0; a < bins; ++a) {
    for (int b = 0; a + b + 2 <= bins; ++b) {
      const double d = counts[a * bins + b] - expected;
      chi2 += d * d / expected;
      ++df;
    }
  }
  const boost::math::chi_squared dist(df);
  const double threshold = boost::math::quantile(boost::math::complement(dist, 1e-6));
  EXPECT_LT(chi2, threshold) << "df " << df;
  EXPECT_EQ(df, 190);
}

TEST(PhysicsRambo, SameEventsForOneAndTwoThreads) {
  for (const auto& masses : std::vector<std::vector<double>>{{0, 0, 0, 0, 0, 0}, {0, 0, 100}}) {
    for (const bool unweight : {false, true}) {
      PhaseSpaceSpec spec;
      spec.masses = masses;
      spec.n_events = 20001;
      spec.unweight = unweight;
      spec.pilot_events = 10001;
      const int saved = omp_get_max_threads();
      omp_set_num_threads(1);
      const auto one = generate_phase_space(spec);
      omp_set_num_threads(2);
      const auto two = generate_phase_space(spec);
      omp_set_num_threads(saved);
      EXPECT_TRUE(one.momenta == two.momenta);
      EXPECT_TRUE(one.weight == two.weight);
      EXPECT_EQ(one.trials, two.trials);
    }
  }
}

TEST(PhysicsRambo, UnweightingGivesUnitEfficiencyForMasslessAndAnEstimateOfTheVolume) {
  PhaseSpaceSpec spec;
  spec.masses = {0, 0, 100};
  spec.n_events = 100000;
  spec.unweight = true;
  const auto s = generate_phase_space(spec);
  EXPECT_GT(s.efficiency, 0);
  EXPECT_LT(s.efficiency, 1);
  EXPECT_EQ(s.overweight, 0);
  const double reference = three_body_volume(spec.energy, 0, 0, 100);
  // weight = bound x efficiency: binomial error of the efficiency.
  const double rel = std::sqrt((1 - s.efficiency) / static_cast<double>(s.n_events()));
  EXPECT_NEAR(s.weight[0], reference, 4 * rel * reference);
  for (Index i = 0; i < s.n_events(); ++i) EXPECT_EQ(s.weight[i], s.weight[0]);

  spec.masses = {0, 0, 0};
  const auto m = generate_phase_space(spec);
  EXPECT_EQ(m.efficiency, 1);
  EXPECT_EQ(m.trials, spec.n_events);
}

// Chunks of a sample (sizes that straddle the lanes' batches) are its rows, bit for bit.
TEST(PhysicsRambo, GeneratorChunksAreTheRowsOfTheWholeSample) {
  struct Case {
    std::vector<double> masses;
    bool unweight;
    std::optional<Resonance> resonance;
  };
  for (const auto& c : std::vector<Case>{{{0, 0, 0}, false, {}},
                                         {{10, 20, 30}, false, {}},
                                         {{10, 20, 30}, true, {}},
                                         {{0, 0, 0}, false, Resonance{1, 2, 500, 5}}}) {
    PhaseSpaceSpec spec;
    spec.masses = c.masses;
    spec.unweight = c.unweight;
    spec.resonance = c.resonance;
    spec.n_events = 1001;
    spec.pilot_events = 1000;
    const auto whole = generate_phase_space(spec);
    PhaseSpaceGenerator generator(spec);
    PhaseSpaceSample chunk;
    for (Index first = 0; first < spec.n_events; first += 37) {
      const Index count = std::min<Index>(37, spec.n_events - first);
      generator.events(first, count, chunk);
      ASSERT_EQ(chunk.n_events(), count);
      for (Index i = 0; i < count; ++i) {
        const auto a = chunk.event(i), b = whole.event(first + i);
        ASSERT_TRUE(std::equal(a.begin(), a.end(), b.begin())) << "event " << first + i;
        ASSERT_EQ(chunk.weight[static_cast<std::size_t>(i)], whole.weight[static_cast<std::size_t>(first + i)]);
      }
      EXPECT_EQ(chunk.trials, whole.trials);
      EXPECT_EQ(chunk.efficiency, whole.efficiency);
      EXPECT_EQ(chunk.overweight, whole.overweight);
    }
    EXPECT_THROW(generator.events(1000, 2, chunk), std::out_of_range);
  }
}

TEST(PhysicsRambo, BadArgumentsAreInputErrors) {
  EXPECT_THROW(Rambo(1000, {0}), InputError);
  EXPECT_THROW(Rambo(1000, {600, 500}), InputError);
  EXPECT_THROW(Rambo(1000, {-1, 0}), InputError);
  EXPECT_THROW(Rambo(0, {0, 0}), InputError);
  PhaseSpaceSpec spec;
  spec.n_events = 0;
  EXPECT_THROW(generate_phase_space(spec), InputError);
}

}  // namespace
}  // namespace topae::physics
