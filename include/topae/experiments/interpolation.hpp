#pragma once
// Experiments on what reconstruction error cannot see (docs/experiments.md):
//   gap          (a) the paraboloid z = x^2 + y^2 over r <= 2 with the centre r < 0.2 excised,
//                k = 2; (b) the unit circle with an arc removed, k = 1. Points in the hole are
//                reconstructed about as well as training points (missed anomalies); points
//                moved off the surface are not.
//   offmanifold  the unit circle at k = 2, scored over the square [-1, 1]^2: the loss is not
//                a monotone function of the distance to the data.
//   extrinsic    one intrinsic circle embedded three ways (planar, trefoil knot, nearly closed
//                arc) at k = 1, 2, 3: the embedding moves the seams.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/experiment.hpp"

namespace topae::experiments {

struct GapConfig {
  TrainingConfig training;
  double r_max = 2.0;
  double r_hole = 0.2;
  double arc_gap = 1.0;        // radians removed from the circle in part (b)
  double off_distance = 0.5;   // how far off the surface the off-manifold test points sit
  double flag_fraction = 0.01; // the threshold flags this fraction of the training points
  Index n_test = 2000;

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GapConfig, training, r_max, r_hole, arc_gap, off_distance, flag_fraction, n_test)

// One model of the paraboloid: the fraction of each test set its threshold flags.
struct GapParaboloidRun {
  Index latent = 0;
  std::uint64_t seed = 0;
  nlohmann::json threshold;   // analysis/thresholds.hpp
  double flagged_disk = 0;    // the whole disk, centre included
  double flagged_centre = 0;  // the excised centre
  double flagged_off = 0;     // annulus points moved off the surface
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GapParaboloidRun, latent, seed, threshold, flagged_disk, flagged_centre, flagged_off)

// One model of the circle with an arc removed.
struct GapArcRun {
  Index latent = 0;
  std::uint64_t seed = 0;
  nlohmann::json threshold;
  double flagged_gap = 0;  // the missing arc
  double flagged_off = 0;  // arc points moved radially
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GapArcRun, latent, seed, threshold, flagged_gap, flagged_off)

struct GapParaboloid {
  std::vector<GapParaboloidRun> runs;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GapParaboloid, runs)
struct GapArc {
  std::vector<GapArcRun> runs;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GapArc, runs)

struct GapResult {
  GapParaboloid paraboloid;
  GapArc arc;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GapResult, paraboloid, arc, figures, snapshots)

// Writes paraboloid/k2/seed<S>/ and arc/k1/seed<S>/ (models, scores, snapshots; the
// paraboloid's error_map).
GapResult run_gap(const GapConfig& config, const std::filesystem::path& dir);
Experiment gap_experiment();

struct OffManifoldConfig {
  TrainingConfig training;
  Index grid = 101;  // test points per side of the square

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OffManifoldConfig, training, grid)

struct OffManifoldRun {
  Index latent = 2;
  std::uint64_t seed = 0;
  double error_at_centre = 0;
  double distance_of_centre = 0;
  double mean_error_at_corners = 0;
  double distance_of_corners = 0;
  double rank_correlation_error_distance = 0;  // Spearman's
  double error_profile_bin_width = 0;
  std::vector<double> error_profile_by_distance;  // mean error per bin of distance to the circle
  int profile_decreases = 0;                       // bins where the profile falls
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OffManifoldRun, latent, seed, error_at_centre, distance_of_centre,
                                   mean_error_at_corners, distance_of_corners, rank_correlation_error_distance,
                                   error_profile_bin_width, error_profile_by_distance, profile_decreases)

struct OffManifoldResult {
  std::vector<OffManifoldRun> runs;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OffManifoldResult, runs, figures, snapshots)

// Writes k2/seed<S>/ (model, scores, snapshots, loss_map).
OffManifoldResult run_offmanifold(const OffManifoldConfig& config, const std::filesystem::path& dir);
Experiment offmanifold_experiment();

struct ExtrinsicConfig {
  TrainingConfig training;
  std::vector<Index> latents = {1, 2, 3};
  double arc_gap = 0.3;  // the nearly closed arc's missing angle
  Index n_test = 2000;

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ExtrinsicConfig, training, latents, arc_gap, n_test)

struct ExtrinsicRun {
  Index latent = 0;
  std::uint64_t seed = 0;
  double max_error = 0;
  double max_distance = 0;
  double seam_parameter = 0;  // where along the curve the error peaks (rad)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ExtrinsicRun, latent, seed, max_error, max_distance, seam_parameter)

// The runs of one embedding.
struct ExtrinsicEmbedding {
  std::vector<ExtrinsicRun> runs;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ExtrinsicEmbedding, runs)

struct ExtrinsicResult {
  std::map<std::string, ExtrinsicEmbedding> by_embedding;  // "planar", "trefoil", "arc"
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ExtrinsicResult, by_embedding, figures, snapshots)

// Writes per embedding <embedding>/k<K>/seed<S>/ and the figures <embedding>/error_k<K>.
ExtrinsicResult run_extrinsic(const ExtrinsicConfig& config, const std::filesystem::path& dir);
Experiment extrinsic_experiment();

}  // namespace topae::experiments
