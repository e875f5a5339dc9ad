#pragma once
// KernelDensity: a Gaussian kernel density estimate, p(x) = (1/n) sum_i prod_j N(x_j; x_ij, h_j),
// with Scott's rule for the bandwidths, h_j = sigma_j n^(-1 / (d + 4)) (sigma_j the points'
// standard deviation in column j). The density score of the bump hunt (analysis/cwola.hpp)
// is the log of a ratio of two such estimates.
//
// Scoring the points themselves biases the estimate up by the point's own kernel; the
// leave-one-out density drops it, so that no event is scored by an estimate it is part of.
#include "topae/core/matrix.hpp"

namespace topae::analysis {

class KernelDensity {
 public:
  // points: n x d, n >= 2; throws InputError on fewer, on a non-finite value, or on a constant column.
  explicit KernelDensity(Table points);

  const Eigen::VectorXd& bandwidth() const { return h_; }
  Index n_points() const { return points_.rows(); }

  // ln p at each row of x (m x d), on all threads.
  Eigen::VectorXd log_density(const Table& x) const;
  // ln of the density without point i, at point i, for every point: (n p(x_i) - K(0)) / (n - 1).
  Eigen::VectorXd log_density_leave_one_out() const;

 private:
  Eigen::VectorXd log_density(const Table& x, bool leave_one_out) const;

  Table points_;       // n x d, divided by the bandwidths
  Eigen::VectorXd h_;  // d
};

}  // namespace topae::analysis
