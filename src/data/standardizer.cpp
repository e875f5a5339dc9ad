#include "topae/data/standardizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"

namespace topae::data {

Standardizer::Standardizer(Eigen::VectorXd mean, Eigen::VectorXd std) : mean_(std::move(mean)), std_(std::move(std)) {
  if (mean_.size() != std_.size()) {
    throw InputError(fmt::format("standardizer: {} means for {} standard deviations", mean_.size(), std_.size()));
  }
}

Standardizer Standardizer::fit(const Eigen::Ref<const Table>& values) {
  const Index n_events = values.rows();
  if (n_events == 0) throw InputError("standardizer: cannot fit on 0 events");
  if (!values.allFinite()) throw InputError("standardizer: cannot fit on values that are NaN or infinite");
  // Two passes over the rows (memory order): mean and range, then the squared deviations.
  // Not the sum of squares in one pass, which cancels badly.
  const Index dim = values.cols();
  Eigen::ArrayXd mean = Eigen::ArrayXd::Zero(dim);
  Eigen::ArrayXd low = values.row(0).transpose();
  Eigen::ArrayXd high = low;
  // Scalar min/max: Eigen's AVX-512 min/max trip a false -Wmaybe-uninitialized in GCC 12.
  for (Index i = 0; i < n_events; ++i) {
    for (Index j = 0; j < dim; ++j) {
      mean(j) += values(i, j);
      low(j) = std::min(low(j), values(i, j));
      high(j) = std::max(high(j), values(i, j));
    }
  }
  mean /= static_cast<double>(n_events);
  // Deviations are divided by the largest one, so that tiny (1e-300) or huge values neither
  // underflow nor overflow when squared.
  Eigen::ArrayXd scale(dim);
  for (Index j = 0; j < dim; ++j) scale(j) = std::max(high(j) - mean(j), mean(j) - low(j));
  Eigen::ArrayXd sum_squares = Eigen::ArrayXd::Zero(dim);
  for (Index i = 0; i < n_events; ++i) {
    sum_squares += ((values.row(i).transpose().array() - mean) / scale).square();
  }
  Eigen::VectorXd stddev(dim);
  for (Index j = 0; j < dim; ++j) {
    // A constant column would divide by zero: std 1 maps it to 0 instead. Testing the range,
    // not the computed std, because the mean of identical values can differ from them in the
    // last bit (0.1 three times), which leaves a spurious 1e-17.
    const bool constant = low(j) == high(j);
    stddev(j) = constant ? 1.0 : scale(j) * std::sqrt(sum_squares(j) / static_cast<double>(n_events));
  }
  return Standardizer(mean.matrix(), std::move(stddev));
}

namespace {

void check_features(const Standardizer& s, Index features) {
  if (features != s.dim()) throw InputError(fmt::format("standardizer expects {} features, got {}", s.dim(), features));
}

}  // namespace

MatrixXf Standardizer::transform(const Eigen::Ref<const Table>& values) const {
  check_features(*this, values.cols());
  // values is events x features row-major, so its transpose is features x events column-major:
  // the loop below walks memory in order.
  MatrixXf standardized(dim(), values.rows());  // features x events
  for (Index i = 0; i < values.rows(); ++i) {
    standardized.col(i) = ((values.row(i).transpose() - mean_).array() / std_.array()).cast<float>();
  }
  return standardized;
}

Table Standardizer::standardize(const Table& values) const {
  check_features(*this, values.cols());
  return (values.rowwise() - mean_.transpose()).array().rowwise() / std_.transpose().array();
}

Eigen::MatrixXd Standardizer::inverse(const MatrixXf& standardized) const {
  check_features(*this, standardized.rows());
  // features x batch
  return (standardized.cast<double>().array().colwise() * std_.array()).colwise() + mean_.array();
}

nlohmann::json Standardizer::to_json() const {
  return {{"mean", std::vector<double>(mean_.begin(), mean_.end())},
          {"std", std::vector<double>(std_.begin(), std_.end())}};
}

namespace {

Eigen::VectorXd numbers(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.contains(key) || !j[key].is_array()) {
    throw InputError(source, fmt::format("standardizer: '{}' must be an array of numbers", key));
  }
  const auto& array = j[key];
  Eigen::VectorXd v(static_cast<Index>(array.size()));
  for (std::size_t i = 0; i < array.size(); ++i) {
    // NaN and infinity are written by nlohmann as null, so they fail here too.
    if (!array[i].is_number() || !std::isfinite(array[i].get<double>())) {
      throw InputError(source, fmt::format("standardizer: {}[{}] is not a finite number: {}", key, i, array[i].dump()));
    }
    v(static_cast<Index>(i)) = array[i].get<double>();
  }
  return v;
}

}  // namespace

Standardizer Standardizer::from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw InputError(source, "standardizer: expected an object with 'mean' and 'std'");
  Eigen::VectorXd mean = numbers(j, "mean", source);
  Eigen::VectorXd stddev = numbers(j, "std", source);
  if (mean.size() != stddev.size()) {
    throw InputError(source,
                     fmt::format("standardizer: {} means for {} standard deviations", mean.size(), stddev.size()));
  }
  for (Index i = 0; i < stddev.size(); ++i) {
    if (!(stddev(i) > 0))
      throw InputError(source, fmt::format("standardizer: std[{}] = {} is not positive", i, stddev(i)));
  }
  return Standardizer(std::move(mean), std::move(stddev));
}

}  // namespace topae::data
