#include "topae/physics/bump_hunt.hpp"

#include <fmt/format.h>

#include <cmath>

#include "topae/core/error.hpp"

namespace topae::physics {

nlohmann::json BumpHuntSpec::to_json() const {
  nlohmann::json j = phase_space.to_json();
  j["generator"] = "bump-hunt";
  j["signal_fraction"] = signal_fraction;
  j["features"] = features.to_json();
  return j;
}

data::Dataset generate_bump_hunt(const BumpHuntSpec& spec) {
  if (!spec.phase_space.resonance) throw InputError("bump-hunt needs --resonance");
  if (!(spec.signal_fraction >= 0 && spec.signal_fraction <= 1)) {
    throw InputError(fmt::format("--signal-fraction must lie in [0, 1], got {}", spec.signal_fraction));
  }
  PhaseSpaceSpec background = spec.phase_space;
  background.resonance.reset();
  PhaseSpaceSpec signal = spec.phase_space;
  signal.unweight = false;
  signal.validate();
  background.validate();
  const Index n = spec.phase_space.n_events;
  const Index m = static_cast<Index>(std::llround(spec.signal_fraction * static_cast<double>(n)));
  signal.stream_tag = kSignalStreamTag;
  signal.n_events = m;
  background.n_events = n - m;

  const double energy = spec.phase_space.energy;
  data::Dataset d;
  const int n_particles = static_cast<int>(spec.phase_space.masses.size());
  d.columns = table_columns(n_particles, spec.features.features);
  d.truth = mass_columns(n_particles);
  d.values.resize(n, static_cast<Index>(d.columns.size()));
  d.weight = Eigen::VectorXd(n);
  d.label = Eigen::VectorXi::Zero(n);
  if (m > 0) d.label->tail(m).setOnes();
  Index row = 0;
  for (const PhaseSpaceSpec* part : {&background, &signal}) {
    if (part->n_events == 0) continue;
    const auto s = generate_phase_space(*part);
    const data::Dataset p = to_dataset(s, energy, spec.features);
    d.values.middleRows(row, p.n_events()) = p.values;
    d.weight->segment(row, p.n_events()) = *p.weight;
    row += p.n_events();
  }
  return d;
}

}  // namespace topae::physics
