#include "topae/topology/intrinsic_dimension.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "topae/core/error.hpp"

namespace topae::topology {

namespace {

void check_distinct(const Neighbours& nb, const char* method) {
  if (nb.distance.rows() > 0 && (nb.distance.col(0).array() <= 0).any()) {
    throw InputError(fmt::format("{}: the sample has duplicate points (a nearest-neighbour distance of 0)", method));
  }
}

}  // namespace

nlohmann::json DimensionEstimate::to_json() const {
  return {{"dimension", dimension}, {"low", low}, {"high", high}, {"points", points}};
}

DimensionEstimate two_nn(std::span<const Neighbours> blocks, double discard) {
  if (!(discard >= 0 && discard < 1)) throw InputError(fmt::format("TwoNN: discard must lie in [0, 1), got {}", discard));
  // Each block is censored on its own; their likelihoods multiply: d = sum m / sum T.
  double uncensored = 0, total = 0;
  Index points = 0;
  for (const Neighbours& nb : blocks) {
    if (nb.index.cols() < 2) throw InputError("TwoNN: needs the two nearest neighbours of every point");
    check_distinct(nb, "TwoNN");
    std::vector<double> log_mu(static_cast<std::size_t>(nb.distance.rows()));
    for (Index i = 0; i < nb.distance.rows(); ++i)
      log_mu[static_cast<std::size_t>(i)] = std::log(nb.distance(i, 1) / nb.distance(i, 0));
    std::sort(log_mu.begin(), log_mu.end());
    const auto n = log_mu.size();
    const auto m =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::floor((1 - discard) * static_cast<double>(n))));
    // Type-II censoring at the m-th smallest: the others count as that value.
    const double cut = log_mu[m - 1];
    for (std::size_t i = 0; i < m; ++i) total += log_mu[i];
    total += static_cast<double>(n - m) * cut;
    uncensored += static_cast<double>(m);
    points += static_cast<Index>(n);
  }
  if (!(total > 0)) throw InputError("TwoNN: every point's two nearest neighbours are equally far");
  const boost::math::chi_squared chi2(2.0 * uncensored);
  DimensionEstimate e;
  e.dimension = uncensored / total;
  e.low = boost::math::quantile(chi2, 0.025) / (2 * total);
  e.high = boost::math::quantile(chi2, 0.975) / (2 * total);
  e.points = points;
  return e;
}

DimensionEstimate two_nn(const Neighbours& nb, double discard) { return two_nn(std::span(&nb, 1), discard); }

std::vector<LevinaBickelPoint> levina_bickel(const Neighbours& nb, Index k_min, Index k_max) {
  if (k_min < 2 || k_min > k_max || k_max > nb.index.cols()) {
    throw InputError(fmt::format("Levina-Bickel: need 2 <= k_min <= k_max <= {}, got {}..{}", nb.index.cols(), k_min, k_max));
  }
  check_distinct(nb, "Levina-Bickel");
  const Index n = nb.distance.rows();
  std::vector<LevinaBickelPoint> curve;
  for (Index k = k_min; k <= k_max; ++k) {
    double sum = 0;  // of the per-point inverse estimates
    for (Index i = 0; i < n; ++i) {
      double s = 0;
      for (Index j = 0; j < k - 1; ++j) s += std::log(nb.distance(i, k - 1) / nb.distance(i, j));
      sum += s / static_cast<double>(k - 1);
    }
    curve.push_back({k, static_cast<double>(n) / sum});
  }
  return curve;
}

Index LocalPcaSpectrum::components_for(double threshold) const {
  double sum = 0;
  for (std::size_t c = 0; c < explained.size(); ++c) {
    sum += explained[c];
    if (sum >= threshold) return static_cast<Index>(c + 1);
  }
  return static_cast<Index>(explained.size());
}

LocalPcaSpectrum local_pca(const Table& points, const Neighbours& nb, Index k) {
  if (k < 1 || k > nb.index.cols() || nb.index.rows() != points.rows()) {
    throw InputError(fmt::format("local PCA: need 1 <= k <= {} neighbours of the same {} points, got k = {}",
                                 nb.index.cols(), points.rows(), k));
  }
  const Index dim = points.cols();
  Eigen::VectorXd total = Eigen::VectorXd::Zero(dim);
  Index counted = 0;
  Table hood(k + 1, dim);
  for (Index i = 0; i < points.rows(); ++i) {
    hood.row(0) = points.row(i);
    for (Index j = 0; j < k; ++j) hood.row(j + 1) = points.row(nb.index(i, j));
    const Table centred = hood.rowwise() - hood.colwise().mean();
    const Eigen::MatrixXd covariance = centred.transpose() * centred;
    const Eigen::VectorXd eigen = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(covariance, Eigen::EigenvaluesOnly)
                                      .eigenvalues()
                                      .reverse()
                                      .cwiseMax(0.0);
    const double sum = eigen.sum();
    if (sum > 0) {  // a neighbourhood of duplicates has no direction
      total += eigen / sum;
      ++counted;
    }
  }
  if (counted == 0) throw InputError("local PCA: every neighbourhood is a single point repeated");
  LocalPcaSpectrum s;
  s.k = k;
  total /= static_cast<double>(counted);
  s.explained.assign(total.data(), total.data() + dim);
  return s;
}

}  // namespace topae::topology
