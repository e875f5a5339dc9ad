#pragma once
// The mean and spread of one number (an AUC, a loss, a seam angle) over the seeds of an
// experiment: the seed-to-seed variation is the error bar of a result that depends on the
// random initialisation.
#include <nlohmann/json.hpp>

#include "topae/core/matrix.hpp"

namespace topae::analysis {

struct SeedSpread {
  Index n = 0;
  double mean = 0;
  double std_dev = 0;    // sample standard deviation (divides by n - 1); NaN (null in JSON) for n = 1
  double std_error = 0;  // of the mean: std_dev / sqrt(n)
  double min = 0;
  double max = 0;

  nlohmann::json to_json() const;
};

// values: one per seed, n >= 1, all finite (an infinite value has no mean). Otherwise InputError.
SeedSpread seed_spread(const Eigen::Ref<const Eigen::VectorXd>& values);

}  // namespace topae::analysis
