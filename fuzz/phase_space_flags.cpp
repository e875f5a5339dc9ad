// Fuzz target: the flag parsers of `topae generate phase-space` and `bump-hunt` and the
// preconditions behind them: physics::parse_masses (--particles, --masses),
// Resonance::parse (--resonance), parse_feature_set (--features), parse_particle_order
// (--order), then PhaseSpaceSpec::validate and, for a spec it accepts, a few events.
//
// The input is text, one flag value per line: particles, energy, masses, resonance,
// features, order, and "bump" on a seventh line for the bump-hunt generator (half signal).
// Bad values must throw InputError. A spec that validates must generate: every event
// finite, conserving four-momentum, each particle on its mass shell, the resonance's
// daughters' mass inside its kinematic range (checked for energies in [1e-3, 1e9], where
// every quantity, E^2 included, is far from overflow and underflow).
#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "topae/physics/bump_hunt.hpp"
#include "topae/physics/features.hpp"
#include "topae/physics/phase_space.hpp"

namespace {

using namespace topae;

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty() || lines.empty()) {
    const auto eol = text.find('\n');
    lines.emplace_back(text.substr(0, eol));
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  lines.resize(std::max<std::size_t>(lines.size(), 7));
  return lines;
}

// The events of a spec that validated, checked against the laws of the generator.
void check_events(const physics::PhaseSpaceSample& s, const physics::PhaseSpaceSpec& spec) {
  const double e = spec.energy;
  for (Index i = 0; i < s.n_events(); ++i) {
    const auto p = s.event(i);
    physics::FourVector total;
    for (std::size_t k = 0; k < p.size(); ++k) {
      fuzz::require(std::isfinite(p[k].e()) && std::isfinite(p[k].px()) && std::isfinite(p[k].py()) &&
                        std::isfinite(p[k].pz()),
                    "a generated momentum is not finite");
      const double m2 = spec.masses[k] * spec.masses[k];
      fuzz::require(std::abs(p[k].m2() - m2) <= 1e-8 * std::max(m2, p[k].e() * p[k].e()) + 1e-300,
                    "a generated particle is off its mass shell");
      total += p[k];
    }
    fuzz::require(std::abs(total.e() - e) <= 1e-9 * e && std::sqrt(total.p2()) <= 1e-9 * e,
                  fmt::format("a generated event does not conserve four-momentum: |E - sum E_i| / E = {:.3g}, "
                              "|sum p_i| / E = {:.3g}",
                              std::abs(total.e() - e) / e, std::sqrt(total.p2()) / e));
    if (spec.resonance) {
      const auto& r = *spec.resonance;
      const double ma = spec.masses[r.daughter_1 - 1], mb = spec.masses[r.daughter_2 - 1];
      double others = -ma - mb;
      for (const double m : spec.masses) others += m;
      // m_ab^2 = E_ab^2 - p_ab^2 loses about 1e-16 E^2 to cancellation (a light resonance at
      // a high energy is boosted far), so the range is checked in m^2 with that tolerance.
      const double lo = ma + mb, hi = e - others, slack = 1e-12 * e * e;
      const double m2_ab = (p[r.daughter_1 - 1] + p[r.daughter_2 - 1]).m2();
      fuzz::require(m2_ab >= lo * lo * (1 - 1e-9) - slack && m2_ab <= hi * hi * (1 + 1e-9) + slack,
                    "a resonance decays outside its kinematic range");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto lines = lines_of({reinterpret_cast<const char*>(data), size});
  int particles = 0;
  double energy = 0;
  // --particles and --energy are parsed by CLI11 as an int and a double.
  if (std::from_chars(lines[0].data(), lines[0].data() + lines[0].size(), particles).ec != std::errc()) return 0;
  if (std::from_chars(lines[1].data(), lines[1].data() + lines[1].size(), energy).ec != std::errc()) return 0;

  physics::PhaseSpaceSpec spec;
  spec.energy = energy;
  spec.n_events = 4;
  spec.seed = static_cast<std::uint64_t>(size);
  physics::FeatureSpec features;
  if (!fuzz::expect_input_error([&] {
        spec.masses = physics::parse_masses(lines[2], particles);
        if (!lines[3].empty()) spec.resonance = physics::Resonance::parse(lines[3]);
        if (!lines[4].empty()) features.features = physics::parse_feature_set(lines[4]);
        if (!lines[5].empty()) features.order = physics::parse_particle_order(lines[5]);
        spec.validate();
      }))
    return 0;
  fuzz::require(static_cast<int>(spec.masses.size()) == particles, "parse_masses gave the wrong number of masses");

  const bool in_range = energy >= 1e-3 && energy <= 1e9;
  if (lines[6] == "bump" && spec.resonance) {
    physics::BumpHuntSpec bump{spec, 0.5, features};
    data::Dataset d;
    fuzz::require(fuzz::expect_input_error([&] { d = physics::generate_bump_hunt(bump); }),
                  "generate_bump_hunt rejects a spec that validated");
    fuzz::require(d.n_events() == spec.n_events && d.label && d.label->sum() == 2, "bump hunt: wrong event counts");
    if (in_range) fuzz::require(d.values.allFinite(), "bump hunt: a feature is not finite");
    return 0;
  }
  physics::PhaseSpaceSample sample;
  fuzz::require(fuzz::expect_input_error([&] { sample = physics::generate_phase_space(spec); }),
                "generate_phase_space rejects a spec that validated");
  fuzz::require(sample.n_events() == spec.n_events, "generate_phase_space: wrong event count");
  if (in_range) {
    check_events(sample, spec);
    const data::Dataset d = physics::to_dataset(sample, spec.energy, features);
    fuzz::require(d.values.allFinite(), "a feature of a generated event is not finite");
  }
  return 0;
}
