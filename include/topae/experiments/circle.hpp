#pragma once
// The circle experiment (SCIENCE.md §3): autoencoders with latent dimension k trained on the
// unit circle. k = 1 must tear the circle somewhere (Borsuk-Ulam: some point has error >= 1);
// k = 2 can reconstruct it everywhere.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/nn/activation.hpp"

namespace topae::experiments {

struct CircleConfig {
  Index n = 4000;                     // training points
  double noise = 0.0;
  std::vector<Index> latents = {1, 2};
  int seeds = 1;                      // seeds 1..seeds for each latent dimension
  int epochs = 400;
  std::vector<Index> hidden = {64, 64};
  nn::Activation activation = nn::Activation::tanh;
  bool progress = true;

  nlohmann::json to_json() const;
};

// Writes DIR/k<K>_seed<S>/{model.json, scores.csv} and DIR/results.json; returns the results.
nlohmann::json run_circle(const CircleConfig& config, const std::filesystem::path& dir);

}  // namespace topae::experiments
