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

#include "topae/experiments/experiment.hpp"
#include "topae/experiments/parity_certificate.hpp"

namespace topae::experiments {

struct PhaseSpaceConfig {
  TrainingConfig training;
  double energy = 1000.0;
  std::vector<Index> momentum_latents = {5, 6};  // empty: no run on the four-momenta
  std::vector<Index> invariant_latents = {2};    // empty: no run on the invariants
  Index n_test = 4000;
  double worst_fraction = 0.01;  // the worst-reconstructed share of the test set whose location is reported
  double soft = 0.05;            // a corner: some x_i = 2 E_i / E below this
  double collinear = 0.01;       // an edge: some s_ij below this (and no soft particle)
  int search_starts = 5;         // certificate searches, from the sample pairs with the closest codes

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PhaseSpaceConfig, training, energy, momentum_latents, invariant_latents, n_test,
                                   worst_fraction, soft, collinear, search_starts)

// One region of the Dalitz plane among the worst-reconstructed test events.
struct PhaseSpaceRegion {
  double share_of_worst = 0;
  double share_of_all = 0;
  double enrichment = 0;  // share_of_worst / share_of_all (0 for a region without events)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PhaseSpaceRegion, share_of_worst, share_of_all, enrichment)

// The test events above the error quantile 1 - fraction, by region.
struct PhaseSpaceWorst {
  double fraction = 0;
  double threshold = 0;
  Index n = 0;
  PhaseSpaceRegion corner, edge, interior;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PhaseSpaceWorst, fraction, threshold, n, corner, edge, interior)

// One model.
struct PhaseSpaceRun {
  std::string features;  // "momenta" or "invariants"
  Index latent = 0;
  std::uint64_t seed = 0;
  nlohmann::json error_quantiles;  // analysis/thresholds.hpp
  double reconstructions_outside_triangle = 0;  // share of test events reconstructed outside
  PhaseSpaceWorst worst;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PhaseSpaceRun, features, latent, seed, error_quantiles,
                                   reconstructions_outside_triangle, worst)

struct PhaseSpaceResult {
  std::vector<PhaseSpaceRun> runs;                 // the momenta's, then the invariants'
  std::vector<ParityCertificate> certificates;     // one per model on the momenta
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PhaseSpaceResult, runs, certificates, figures, snapshots)

// Writes into `dir`: per model momenta|invariants/k<K>/seed<S>/ (model, scores, snapshots,
// the Dalitz-plane figures).
PhaseSpaceResult run_phase_space(const PhaseSpaceConfig& config, const std::filesystem::path& dir);

Experiment phase_space_experiment();

}  // namespace topae::experiments
