#include "topae/topology/winding_number.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <vector>

#include "topae/core/checks.hpp"

namespace topae::topology {
namespace {

constexpr const char* kWhere = "winding number";

void check_curve(const Eigen::Ref<const Table>& curve) {
  checks::check_not_empty(kWhere, "the curve", curve);
  if (curve.cols() != 2)
    throw InputError(fmt::format("{}: the curve is {}; it must have 2 columns (points in the plane)", kWhere,
                                 checks::shape(curve)));
  checks::check_finite(kWhere, "the curve", curve);
}

// Distance from c to the segment p -> q.
double segment_distance(const Eigen::Vector2d& p, const Eigen::Vector2d& q, const Eigen::Vector2d& c) {
  const Eigen::Vector2d edge = q - p;
  const double length2 = edge.squaredNorm();
  const double t = length2 > 0 ? std::clamp((c - p).dot(edge) / length2, 0.0, 1.0) : 0.0;
  return (p + t * edge - c).norm();
}

WindingNumber wind(const Eigen::Ref<const Table>& curve, const Eigen::Vector2d& c) {
  const Index n = curve.rows();
  double angle = 0;
  double min_distance = std::numeric_limits<double>::infinity();
  for (Index i = 0; i < n; ++i) {
    const Eigen::Vector2d p = curve.row(i).transpose();
    const Eigen::Vector2d q = curve.row((i + 1) % n).transpose();
    const Eigen::Vector2d u = p - c;
    const Eigen::Vector2d v = q - c;
    angle += std::atan2(u.x() * v.y() - u.y() * v.x(), u.dot(v));  // signed angle u -> v in (-pi, pi]
    min_distance = std::min(min_distance, segment_distance(p, q, c));
  }
  WindingNumber w;
  w.turns = angle / (2 * std::numbers::pi);
  w.winding = static_cast<int>(std::lround(w.turns));
  w.min_distance = min_distance;
  w.point = c;
  w.n_points = n;
  return w;
}

}  // namespace

nlohmann::json WindingNumber::to_json() const {
  return {{"winding", winding},
          {"turns", turns},
          {"min_distance", min_distance},
          {"point", {point.x(), point.y()}},
          {"n_points", n_points}};
}

WindingNumber winding_number(const Eigen::Ref<const Table>& curve) {
  check_curve(curve);
  const Eigen::Vector2d centroid = curve.colwise().mean().transpose();
  return wind(curve, centroid);
}

WindingNumber winding_number(const Eigen::Ref<const Table>& curve, const Eigen::Vector2d& point) {
  check_curve(curve);
  if (!point.allFinite())
    throw InputError(fmt::format("{}: the point ({}, {}) must be finite", kWhere, point.x(), point.y()));
  return wind(curve, point);
}

Table order_by_parameter(const Eigen::Ref<const Table>& points, const Eigen::Ref<const Eigen::VectorXd>& parameter) {
  constexpr const char* where = "order by parameter";
  checks::check_same_size(where, "points (rows)", points.rows(), "parameter", parameter.size());
  checks::check_finite(where, "parameter", parameter);
  std::vector<Index> order(static_cast<std::size_t>(points.rows()));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return parameter(a) < parameter(b); });
  Table sorted(points.rows(), points.cols());
  for (Index i = 0; i < points.rows(); ++i) sorted.row(i) = points.row(order[static_cast<std::size_t>(i)]);
  return sorted;
}

}  // namespace topae::topology
