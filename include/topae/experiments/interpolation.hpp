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
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/experiments/training.hpp"

namespace topae::experiments {

struct GapConfig {
  TrainingConfig training;
  double r_max = 2.0;
  double r_hole = 0.2;
  double arc_gap = 1.0;        // radians removed from the circle in part (b)
  double off_distance = 0.5;   // how far off the surface the off-manifold test points sit
  double flag_fraction = 0.01; // the threshold flags this fraction of the training points
  Index n_test = 2000;
  nlohmann::json to_json() const;
};
nlohmann::json run_gap(const GapConfig& config, const std::filesystem::path& dir);

struct OffManifoldConfig {
  TrainingConfig training;
  Index grid = 101;  // test points per side of the square
  nlohmann::json to_json() const;
};
nlohmann::json run_offmanifold(const OffManifoldConfig& config, const std::filesystem::path& dir);

struct ExtrinsicConfig {
  TrainingConfig training;
  std::vector<Index> latents = {1, 2, 3};
  double arc_gap = 0.3;  // the nearly closed arc's missing angle
  Index n_test = 2000;
  nlohmann::json to_json() const;
};
nlohmann::json run_extrinsic(const ExtrinsicConfig& config, const std::filesystem::path& dir);

}  // namespace topae::experiments
