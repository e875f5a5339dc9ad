#pragma once
// Standardizer: per-feature affine map x -> (x - mean) / std, fitted on training data,
// stored in the model and applied when scoring.
#include <nlohmann/json_fwd.hpp>

#include "topae/core/matrix.hpp"

namespace topae::data {

class Standardizer {
 public:
  Standardizer() = default;
  Standardizer(Eigen::VectorXd mean, Eigen::VectorXd std);

  // Fits mean and (population) standard deviation per column of an events x features table.
  // A constant column gets std 1, so it maps to 0 instead of dividing by zero.
  static Standardizer fit(const Eigen::Ref<const Table>& values);

  // events x features (double) -> features x events (float), standardized.
  MatrixXf transform(const Eigen::Ref<const Table>& values) const;
  // events x features -> events x features, standardized, in double: the coordinates the
  // network sees, for measuring distances in them.
  Table standardize(const Table& values) const;
  // features x batch: standardized -> raw units, in double.
  Eigen::MatrixXd inverse(const MatrixXf& standardized) const;

  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::VectorXd& std() const { return std_; }
  Index dim() const { return mean_.size(); }

  nlohmann::json to_json() const;
  // Throws InputError naming `source` if the JSON is malformed.
  static Standardizer from_json(const nlohmann::json& j, const std::string& source);

 private:
  Eigen::VectorXd mean_;
  Eigen::VectorXd std_;
};

}  // namespace topae::data
