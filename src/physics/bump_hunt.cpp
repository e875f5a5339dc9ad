#include "topae/physics/bump_hunt.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"

namespace topae::physics {

nlohmann::json BumpHuntSpec::to_json() const {
  nlohmann::json j = phase_space.to_json();
  j["generator"] = "bump-hunt";
  j["signal_fraction"] = signal_fraction;
  j["features"] = features.to_json();
  return j;
}

BumpHuntGenerator::BumpHuntGenerator(const BumpHuntSpec& spec) : spec_(spec) {
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
  n_signal_ = static_cast<Index>(std::llround(spec.signal_fraction * static_cast<double>(n)));
  signal.stream_tag = kSignalStreamTag;
  signal.n_events = n_signal_;
  background.n_events = n - n_signal_;
  if (background.n_events > 0) background_.emplace(background);
  if (signal.n_events > 0) signal_.emplace(signal);
}

data::Dataset BumpHuntGenerator::rows(Index first, Index count) {
  const Index n = n_events();
  checks::check_row_range(first, count, n);
  const Index n_background = n - n_signal_;
  const int n_particles = static_cast<int>(spec_.phase_space.masses.size());
  data::Dataset d;
  d.columns = table_columns(n_particles, spec_.features.features);
  d.truth = mass_columns(n_particles);
  d.values.resize(count, static_cast<Index>(d.columns.size()));
  d.weight = Eigen::VectorXd(count);
  d.label = Eigen::VectorXi(count);
  // Background rows first, then signal rows: the part of each within [first, first + count).
  const Index end = first + count;
  const struct {
    std::optional<PhaseSpaceGenerator>* generator;
    Index begin, end;
    int label;
  } parts[] = {{&background_, 0, n_background, 0}, {&signal_, n_background, n, 1}};
  for (const auto& part : parts) {
    const Index lo = std::max(first, part.begin), hi = std::min(end, part.end);
    if (hi <= lo) continue;
    (*part.generator)->events(lo - part.begin, hi - lo, sample_);
    const data::Dataset p = to_dataset(sample_, spec_.phase_space.energy, spec_.features);
    d.values.middleRows(lo - first, hi - lo) = p.values;
    d.weight->segment(lo - first, hi - lo) = *p.weight;
    d.label->segment(lo - first, hi - lo).setConstant(part.label);
  }
  return d;
}

data::Dataset generate_bump_hunt(const BumpHuntSpec& spec) {
  BumpHuntGenerator generator(spec);
  return generator.rows(0, generator.n_events());
}

}  // namespace topae::physics
