#pragma once
// The circle experiment (docs/experiments.md): autoencoders with latent dimension k on the unit
// circle. k = 1 must tear the circle somewhere (Borsuk-Ulam: some point has distance >= 1);
// where it tears depends on the seed. k = 2 can reconstruct it everywhere, and the latent
// image of the circle is then a loop with winding number +-1.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/experiments/experiment.hpp"

namespace topae::experiments {

struct CircleConfig {
  TrainingConfig training;
  std::vector<Index> latents = {1, 2};
  double noise = 0.0;
  Index n_test = 1000;   // evenly spaced test angles (even: each has its antipode)
  Index n_probe = 200;   // evenly spaced angles recorded in latent space during training

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CircleConfig, training, latents, noise, n_test, n_probe)

// One model.
struct CircleRun {
  Index latent = 0;
  std::uint64_t seed = 0;
  double max_distance = 0;          // over the grid and the certificate's search
  double max_distance_on_grid = 0;
  double mean_error = 0;
  double seam_angle = 0;            // where the distance peaks (rad)
  double seam_angle_smoothed = 0;
  double certificate = 0;           // the Borsuk-Ulam bound: the larger of the two below
  nlohmann::json borsuk_ulam;       // on the grid (topology/borsuk_ulam.hpp)
  nlohmann::json borsuk_ulam_refined;  // searched on the circle (topology/antipodal_search.hpp)
  int winding = 0;                  // of the latent loop, k = 2 only (0 otherwise)
  double final_train_loss = 0;
  double train_seconds = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CircleRun, latent, seed, max_distance, max_distance_on_grid, mean_error, seam_angle,
                                   seam_angle_smoothed, certificate, borsuk_ulam, borsuk_ulam_refined, winding,
                                   final_train_loss, train_seconds)

// Every seed of one latent dimension.
struct CircleLatent {
  Index latent = 0;
  std::vector<double> seam_angles;
  double seam_arc = 0;              // the shortest arc holding every seam (rad)
  nlohmann::json seam_spread;       // topology/seams.hpp
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CircleLatent, latent, seam_angles, seam_arc, seam_spread)

struct CircleResult {
  std::vector<CircleRun> runs;
  std::vector<CircleLatent> by_latent;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CircleResult, runs, by_latent, figures, snapshots)

// Writes into `dir`: per model k<K>/seed<S>/ (model, scores, snapshots) and the figures.
CircleResult run_circle(const CircleConfig& config, const std::filesystem::path& dir);

Experiment circle_experiment();

}  // namespace topae::experiments
