#pragma once
// The k nearest neighbours of every point of a sample, by nanoflann's k-d tree: exact, or
// approximate with nanoflann's eps.
#include <Eigen/Core>

#include "topae/core/matrix.hpp"

namespace topae::topology {

struct Neighbours {
  Eigen::Matrix<Index, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> index;  // n x k, nearest first
  Table distance;                                                               // n x k, Euclidean, ascending
};

// For each row of `points` (events x columns) its k nearest other rows. Throws InputError if
// k < 1, k >= the number of points, or a value is not finite. Rows run in parallel.
Neighbours nearest_neighbours(const Table& points, Index k);

// The same with nanoflann's approximate search: a branch of the tree is skipped unless its
// nearest possible point is within 1 / (1 + eps) of the current k-th squared distance, so the
// neighbours found are near but may miss nearer ones (their squared distances are within a
// factor 1 + eps of those missed). eps = 0 is the exact search; InputError if eps < 0 or not finite.
Neighbours nearest_neighbours(const Table& points, Index k, double eps);

// For each row of `queries` the distance to the nearest row of `points` (same columns, both
// finite; InputError otherwise). Rows run in parallel.
Eigen::VectorXd distance_to_sample(const Table& points, const Table& queries);

}  // namespace topae::topology
