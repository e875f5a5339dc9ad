#pragma once
// The phase-space experiment (docs/experiments.md): massless three-body phase space X -> 1 2 3 at
// energy E, autoencoded
//   - from the four-momenta (12 numbers; the manifold is S^5) at k = 5 and k = 6, with the
//     Borsuk-Ulam certificate for the parity map p -> -p in the standardized coordinates the
//     network sees: at k <= 5 some event must be reconstructed at least |x - Ax| / 2 away;
//   - from the invariants s_ij (a triangle with sharp corners) at k = 2.
// For a uniform test set it writes the loss over the Dalitz plane (s_12, s_23), the
// reconstructions drawn in the same plane, and where the worst-reconstructed events sit:
// corners (a soft particle), edges (a collinear pair) or inside.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/training.hpp"

namespace topae::experiments {

struct PhaseSpaceConfig {
  TrainingConfig training;
  double energy = 1000.0;
  std::vector<Index> momentum_latents = {5, 6};
  std::vector<Index> invariant_latents = {2};
  Index n_test = 4000;
  double worst_fraction = 0.01;  // the worst-reconstructed share of the test set whose location is reported
  double soft = 0.05;            // a corner: some x_i = 2 E_i / E below this
  double collinear = 0.01;       // an edge: some s_ij below this (and no soft particle)
  int search_starts = 5;         // certificate searches, from the sample pairs with the closest codes

  // `topae experiment phase-space --features F --latent K,...`: F (momenta, invariants or
  // both) selects the runs; non-empty `latents` replace the latent dimensions of the selected
  // runs. Throws InputError naming --features.
  void select(const std::string& features, const std::vector<Index>& latents);
  nlohmann::json to_json() const;
};

nlohmann::json run_phase_space(const PhaseSpaceConfig& config, const std::filesystem::path& dir);
// Per run: features, k, seed, the largest loss, the worst events' share in the corners, and
// the certificate against its floor.
std::string phase_space_summary(const nlohmann::json& results);

}  // namespace topae::experiments
