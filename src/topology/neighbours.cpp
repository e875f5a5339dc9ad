#include "topae/topology/neighbours.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nanoflann.hpp>
#include <vector>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"

namespace topae::topology {

namespace {
using Tree = nanoflann::KDTreeEigenMatrixAdaptor<Table, -1, nanoflann::metric_L2_Simple, true>;
}

Neighbours nearest_neighbours(const Table& points, Index k) { return nearest_neighbours(points, k, 0.0); }

Neighbours nearest_neighbours(const Table& points, Index k, double eps) {
  const Index n = points.rows();
  if (k < 1 || k >= n) {
    throw InputError(fmt::format("nearest neighbours: need 1 <= k < the number of points, got k = {} for {} points", k, n));
  }
  if (!(eps >= 0) || !std::isfinite(eps))
    throw InputError(fmt::format("nearest neighbours: eps must be finite and >= 0, got {}", eps));
  checks::check_finite("nearest neighbours", "points", Eigen::Ref<const Table>(points));
  const Tree tree(points.cols(), std::cref(points), 16);

  Neighbours out;
  out.index.resize(n, k);
  out.distance.resize(n, k);
  const nanoflann::SearchParams search(32, static_cast<float>(eps));
#pragma omp parallel
  {
    std::vector<Index> found(static_cast<std::size_t>(k + 1));
    std::vector<double> squared(static_cast<std::size_t>(k + 1));
#pragma omp for schedule(static)
    for (Index i = 0; i < n; ++i) {
      nanoflann::KNNResultSet<double, Index> result(static_cast<std::size_t>(k + 1));
      result.init(found.data(), squared.data());
      tree.index->findNeighbors(result, points.row(i).data(), search);
      // The point itself is among the k + 1 (at distance 0, not always first when there are
      // duplicates): skip it, or the farthest if a duplicate pushed it out.
      Index j = 0;
      for (Index m = 0; m <= k && j < k; ++m) {
        if (found[static_cast<std::size_t>(m)] == i) continue;
        out.index(i, j) = found[static_cast<std::size_t>(m)];
        out.distance(i, j) = std::sqrt(squared[static_cast<std::size_t>(m)]);
        ++j;
      }
    }
  }
  return out;
}

Eigen::VectorXd distance_to_sample(const Table& points, const Table& queries) {
  if (points.rows() == 0 || points.cols() != queries.cols()) {
    throw InputError(fmt::format("distance to sample: {} points of {} columns for queries of {} columns",
                                 points.rows(), points.cols(), queries.cols()));
  }
  checks::check_finite("distance to sample", "points", Eigen::Ref<const Table>(points));
  checks::check_finite("distance to sample", "queries", Eigen::Ref<const Table>(queries));
  const Tree tree(points.cols(), std::cref(points), 16);
  Eigen::VectorXd out(queries.rows());
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < queries.rows(); ++i) {
    Index found = 0;
    double squared = 0;
    tree.index->knnSearch(queries.row(i).data(), 1, &found, &squared);
    out(i) = std::sqrt(squared);
  }
  return out;
}

}  // namespace topae::topology
