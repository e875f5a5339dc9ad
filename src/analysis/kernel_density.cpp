#include "topae/analysis/kernel_density.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "topae/core/error.hpp"

namespace topae::analysis {

KernelDensity::KernelDensity(Table points) : points_(std::move(points)) {
  const Index n = points_.rows(), d = points_.cols();
  if (n < 2 || d < 1) throw InputError(fmt::format("a kernel density needs at least 2 points, got {}", n));
  if (!points_.allFinite()) throw InputError("a kernel density's points must be finite");
  h_.resize(d);
  const double scott = std::pow(static_cast<double>(n), -1.0 / static_cast<double>(d + 4));
  for (Index j = 0; j < d; ++j) {
    const auto c = points_.col(j).array();
    const double sigma = std::sqrt((c - c.mean()).square().mean());
    if (!(sigma > 0)) throw InputError(fmt::format("a kernel density's column {} is constant", j));
    h_[j] = sigma * scott;
    points_.col(j) /= h_[j];
  }
}

Eigen::VectorXd KernelDensity::log_density(const Table& x) const { return log_density(x, false); }

Eigen::VectorXd KernelDensity::log_density_leave_one_out() const {
  Table x = points_;
  for (Index j = 0; j < x.cols(); ++j) x.col(j) *= h_[j];
  return log_density(x, true);
}

Eigen::VectorXd KernelDensity::log_density(const Table& x, bool leave_one_out) const {
  const Index n = points_.rows(), d = points_.cols(), m = x.rows();
  if (x.cols() != d) throw InputError(fmt::format("a kernel density of {} columns evaluated at {}", d, x.cols()));
  // ln of the normalisation prod_j 1 / (sqrt(2 pi) h_j), and of the number of points summed.
  const double log_norm = -0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi) - h_.array().log().sum();
  const double log_count = std::log(static_cast<double>(leave_one_out ? n - 1 : n));
  Eigen::VectorXd out(m);
  // Column-major points: the squared distance to one query is d passes over contiguous columns.
#pragma omp parallel for schedule(static)
  for (Index q = 0; q < m; ++q) {
    Eigen::ArrayXd r2 = Eigen::ArrayXd::Zero(n);
    for (Index j = 0; j < d; ++j) r2 += (points_.col(j).array() - x(q, j) / h_[j]).square();
    if (leave_one_out) r2[q] = std::numeric_limits<double>::infinity();  // its kernel is exp(-inf) = 0
    // Shifted by the nearest point's kernel so that far queries do not underflow to ln 0.
    const double nearest = r2.minCoeff();
    out[q] = log_norm - log_count - 0.5 * nearest + std::log((-0.5 * (r2 - nearest)).exp().sum());
  }
  return out;
}

}  // namespace topae::analysis
