#pragma once
// Bump-hunt data: background phase space plus a small fraction of resonance signal.
//
// m = llround(signal_fraction x n_events) signal events (streams kSignalStreamTag | k) and
// n_events - m background events (streams (seed, i), as generate_phase_space without the
// resonance). Rows: background first, then signal; label 0 background, 1 signal.
#include <optional>

#include "topae/data/dataset.hpp"
#include "topae/physics/features.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::physics {

struct BumpHuntSpec {
  PhaseSpaceSpec phase_space;   // needs a resonance; unweight applies to the background only
  double signal_fraction = 0.01;  // --signal-fraction, in [0, 1]
  FeatureSpec features;

  nlohmann::json to_json() const;
};

// The bump-hunt table chunk by chunk: rows(first, count) are the rows [first, first + count)
// of generate_bump_hunt(spec), at memory that does not grow with the number of events.
class BumpHuntGenerator {
 public:
  // Validates `spec` (InputError naming the flag).
  explicit BumpHuntGenerator(const BumpHuntSpec& spec);
  Index n_events() const { return spec_.phase_space.n_events; }
  Index signal_events() const { return n_signal_; }
  // Columns table_columns(n, features), truth mass_columns(n), the weight and the label.
  data::Dataset rows(Index first, Index count);

 private:
  BumpHuntSpec spec_;
  Index n_signal_ = 0;
  std::optional<PhaseSpaceGenerator> background_, signal_;  // absent when they have no events
  PhaseSpaceSample sample_;                                 // reused from chunk to chunk
};

data::Dataset generate_bump_hunt(const BumpHuntSpec& spec);

}  // namespace topae::physics
