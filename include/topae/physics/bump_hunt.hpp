#pragma once
// Bump-hunt data: background phase space plus a small fraction of resonance signal.
//
// m = llround(signal_fraction x n_events) signal events (streams kSignalStreamTag | k) and
// n_events - m background events (streams (seed, i), as generate_phase_space without the
// resonance). Rows: background first, then signal; label 0 background, 1 signal.
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

data::Dataset generate_bump_hunt(const BumpHuntSpec& spec);

}  // namespace topae::physics
