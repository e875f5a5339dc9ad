#include "topae/topology/landmarks.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <numeric>
#ifdef TOPAE_HAVE_GUDHI
#include <gudhi/choose_n_farthest_points.h>
#endif

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"

namespace topae::topology {

nlohmann::json Landmarks::to_json() const {
  return {{"count", index.size()}, {"covering_radius", covering_radius}, {"index", index}};
}

Landmarks farthest_point_landmarks(const Table& points, Index n, Index first) {
  const Index rows = points.rows();
  if (n < 1) throw InputError(fmt::format("farthest-point landmarks: need at least 1 landmark, got {}", n));
  if (first < 0 || first >= rows) {
    throw InputError(fmt::format("farthest-point landmarks: the first landmark must be a row in 0 .. {}, got {}",
                                 rows - 1, first));
  }
  checks::check_finite("farthest-point landmarks", "points", Eigen::Ref<const Table>(points));
#ifndef TOPAE_HAVE_GUDHI
  throw Error("farthest-point landmarks: topae was built without GUDHI (libgudhi-dev), which chooses them");
#else
  // GUDHI picks among a random-access range of "points" and hands them to the distance: let
  // them be row numbers, so that the output is the rows chosen. The proximity is the squared
  // distance (the same order, no square root per pair); square roots are taken at the end.
  const Index dim = points.cols();
  const auto squared = [&points, dim](Index a, Index b) {
    const double* p = points.row(a).data();
    const double* q = points.row(b).data();
    double s = 0;
    for (Index j = 0; j < dim; ++j) {
      const double d = p[j] - q[j];
      s += d * d;
    }
    return s;
  };
  std::vector<Index> all(static_cast<std::size_t>(rows));
  std::iota(all.begin(), all.end(), Index{0});

  // One landmark more than asked when there are rows to spare: its distance to the first n is
  // the largest of any row's, the covering radius.
  const Index kept = std::min(n, rows);
  const Index chosen = std::min(n + 1, rows);
  std::vector<Index> order;
  std::vector<double> distance;  // squared, to the landmarks before; +infinity for the first
  order.reserve(static_cast<std::size_t>(chosen));
  distance.reserve(static_cast<std::size_t>(chosen));
  Gudhi::subsampling::choose_n_farthest_points(squared, all, static_cast<std::size_t>(chosen),
                                               static_cast<std::size_t>(first), std::back_inserter(order),
                                               std::back_inserter(distance));
  Landmarks out;
  out.covering_radius = chosen > kept ? std::sqrt(distance.back()) : 0.0;
  order.resize(static_cast<std::size_t>(kept));
  out.index = std::move(order);
  return out;
#endif
}

}  // namespace topae::topology
