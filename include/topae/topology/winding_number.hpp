#pragma once
// The winding number of a closed curve in the plane around a point (docs/experiments.md, circle
// with k = 2: the latent loop of a well-trained autoencoder winds +-1 around its centre).
//
// The curve is the closed polygon through the given points in order, closed from the last
// point back to the first. Its winding number around c is the sum over edges p -> q of the
// signed angle from p - c to q - c, taken in (-pi, pi], divided by 2 pi. For a polygon that
// does not pass through c this sum is exactly an integer times 2 pi (up to rounding), so the
// result is exact for the polygon; whether the polygon follows the underlying curve is a
// question of sampling (consecutive points should be close compared with their distance to c).
// When the polygon passes through c (min_distance == 0) the number is meaningless.
#include <nlohmann/json.hpp>

#include "topae/core/matrix.hpp"

namespace topae::topology {

struct WindingNumber {
  int winding = 0;          // round(turns): positive counter-clockwise
  double turns = 0;         // the total signed angle / 2 pi, unrounded
  double min_distance = 0;  // distance from the polygon (its edges, not only its vertices) to the point
  Eigen::Vector2d point = Eigen::Vector2d::Zero();  // the point wound around
  Index n_points = 0;

  nlohmann::json to_json() const;
};

// curve: n x 2, the points in the order of traversal (n >= 1, finite); otherwise InputError.
// Around the centroid of the points (the mean of the rows).
WindingNumber winding_number(const Eigen::Ref<const Table>& curve);
// Around `point` (finite).
WindingNumber winding_number(const Eigen::Ref<const Table>& curve, const Eigen::Vector2d& point);

// The rows of `points` (n x d) sorted by `parameter` (n, finite), ascending; ties keep their
// order. For an angle, any range ([0, 2 pi) or [-pi, pi)) gives the same closed curve: only the
// starting point moves. Throws InputError on a size mismatch or a non-finite parameter.
Table order_by_parameter(const Eigen::Ref<const Table>& points, const Eigen::Ref<const Eigen::VectorXd>& parameter);

}  // namespace topae::topology
