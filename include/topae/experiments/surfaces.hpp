#pragma once
// Experiments on closed surfaces and a singular one (docs/experiments.md):
//   sphere       the unit 2-sphere at k = 2 (must tear; Borsuk-Ulam certificate) and k = 3
//   torus        the torus in R^3 at k = 2 (seam curves) and k = 3
//   double-cone  two cone sheets joined at the apex, sampled uniformly in area or in height
// Each writes results.json, per-model tables and error maps into its folder.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/training.hpp"

namespace topae::experiments {

struct SphereConfig {
  TrainingConfig training;
  std::vector<Index> latents = {2, 3};
  Index n_test = 4000;
  nlohmann::json to_json() const;
};
nlohmann::json run_sphere(const SphereConfig& config, const std::filesystem::path& dir);

struct TorusConfig {
  TrainingConfig training;
  std::vector<Index> latents = {2, 3};
  double major_radius = 2.0;
  double minor_radius = 1.0;
  Index n_test = 4000;
  nlohmann::json to_json() const;
};
nlohmann::json run_torus(const TorusConfig& config, const std::filesystem::path& dir);

struct DoubleConeConfig {
  TrainingConfig training;
  std::vector<Index> latents = {2, 3};
  double apex_region = 0.2;  // |z| below this counts as the apex
  Index n_test = 4000;
  nlohmann::json to_json() const;
};
nlohmann::json run_double_cone(const DoubleConeConfig& config, const std::filesystem::path& dir);

// A few lines for the terminal, for any experiment's results: per latent dimension, the
// largest error and distance over seeds, and the experiment's headline numbers.
std::string experiment_summary(const nlohmann::json& results);
// The summary `topae experiment NAME` prints for the suite's experiment `name`.
std::string suite_summary(const std::string& name, const nlohmann::json& results);

}  // namespace topae::experiments
