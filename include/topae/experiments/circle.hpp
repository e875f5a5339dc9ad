#pragma once
// The circle experiment (docs/experiments.md): autoencoders with latent dimension k on the unit
// circle. k = 1 must tear the circle somewhere (Borsuk-Ulam: some point has distance >= 1);
// where it tears depends on the seed. k = 2 can reconstruct it everywhere, and the latent
// image of the circle is then a loop with winding number +-1.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/training.hpp"

namespace topae::experiments {

struct CircleConfig {
  TrainingConfig training;
  std::vector<Index> latents = {1, 2};
  double noise = 0.0;
  Index n_test = 1000;   // evenly spaced test angles (even: each has its antipode)
  Index n_probe = 200;   // evenly spaced angles recorded in latent space during training

  nlohmann::json to_json() const;
};

// Writes into `dir`: results.json, per model k<K>/seed<S>/ (model, scores, snapshots) and
// the figures. Returns the results.
nlohmann::json run_circle(const CircleConfig& config, const std::filesystem::path& dir);

// A few lines for the terminal.
std::string circle_summary(const nlohmann::json& results);

}  // namespace topae::experiments
