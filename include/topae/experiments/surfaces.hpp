#pragma once
// Experiments on closed surfaces and a singular one (docs/experiments.md):
//   sphere       the unit 2-sphere at k = 2 (must tear; Borsuk-Ulam certificate) and k = 3
//   torus        the torus in R^3 at k = 2 (seam curves) and k = 3
//   double-cone  two cone sheets joined at the apex, sampled uniformly in area or in height
// Each writes per-model tables and error maps into its folder.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/experiment.hpp"

namespace topae::experiments {

struct SphereConfig {
  TrainingConfig training;
  std::vector<Index> latents = {2, 3};
  Index n_test = 4000;  // random test points, each scored with its antipode

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SphereConfig, training, latents, n_test)

struct SphereRun {
  Index latent = 0;
  std::uint64_t seed = 0;
  double max_distance = 0;            // over the sample and the certificate's search
  double max_distance_on_sample = 0;
  double certificate = 0;             // the Borsuk-Ulam bound: the larger of the two below
  nlohmann::json borsuk_ulam;         // on the sample and its antipodes (topology/borsuk_ulam.hpp)
  nlohmann::json borsuk_ulam_refined; // searched on the sphere (topology/antipodal_search.hpp)
  nlohmann::json distance_quantiles;  // analysis/thresholds.hpp
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SphereRun, latent, seed, max_distance, max_distance_on_sample, certificate,
                                   borsuk_ulam, borsuk_ulam_refined, distance_quantiles)

struct SphereResult {
  std::vector<SphereRun> runs;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SphereResult, runs, figures, snapshots)

// Writes per model k<K>/seed<S>/ (model, scores, snapshots, error_map).
SphereResult run_sphere(const SphereConfig& config, const std::filesystem::path& dir);
Experiment sphere_experiment();

struct TorusConfig {
  TrainingConfig training;
  std::vector<Index> latents = {2, 3};
  double major_radius = 2.0;
  double minor_radius = 1.0;
  Index n_test = 4000;

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TorusConfig, training, latents, major_radius, minor_radius, n_test)

struct TorusRun {
  Index latent = 0;
  std::uint64_t seed = 0;
  double max_error = 0;
  double max_distance = 0;
  double seam_fraction = 0;        // points above ten times the median error
  nlohmann::json error_quantiles;  // analysis/thresholds.hpp
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TorusRun, latent, seed, max_error, max_distance, seam_fraction, error_quantiles)

struct TorusResult {
  std::vector<TorusRun> runs;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TorusResult, runs, figures, snapshots)

// Writes per model k<K>/seed<S>/ (model, scores, snapshots, error_map).
TorusResult run_torus(const TorusConfig& config, const std::filesystem::path& dir);
Experiment torus_experiment();

struct DoubleConeConfig {
  TrainingConfig training;
  std::vector<Index> latents = {2, 3};
  double apex_region = 0.2;  // |z| below this counts as the apex
  Index n_test = 4000;

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DoubleConeConfig, training, latents, apex_region, n_test)

struct DoubleConeRun {
  Index latent = 0;
  std::uint64_t seed = 0;
  double max_error = 0;
  double height_of_max_error = 0;
  double mean_error_apex = 0;      // |z| < apex_region
  double mean_error_sheets = 0;    // the rest
  nlohmann::json error_quantiles;  // analysis/thresholds.hpp
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DoubleConeRun, latent, seed, max_error, height_of_max_error, mean_error_apex,
                                   mean_error_sheets, error_quantiles)

// The runs trained on one sampling of the cone.
struct DoubleConeSampling {
  std::vector<DoubleConeRun> runs;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DoubleConeSampling, runs)

struct DoubleConeResult {
  std::map<std::string, DoubleConeSampling> by_sampling;  // "area", "height"
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DoubleConeResult, by_sampling, figures, snapshots)

// Writes per sampling and model <sampling>/k<K>/seed<S>/ (model, scores, snapshots,
// error_vs_height).
DoubleConeResult run_double_cone(const DoubleConeConfig& config, const std::filesystem::path& dir);
Experiment double_cone_experiment();

}  // namespace topae::experiments
