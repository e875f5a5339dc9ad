#pragma once
// Landmarks: a well-spread subsample of a point sample, by farthest-point sampling.
//
// Starting at one row, each next landmark is the row farthest from the landmarks chosen so
// far (GUDHI's gudhi::subsampling::choose_n_farthest_points). After n steps the landmarks L
// are an eps-net of the sample X: every row lies within the covering radius
//   eps = max over x in X of min over l in L of |x - l|  (= the Hausdorff distance d_H(L, X))
// of a landmark, and any two landmarks are at least eps apart. Farthest-point sampling is a
// 2-approximation of the smallest covering radius any n rows can reach (Gonzalez 1985), so
// eps is close to the best a subsample of that size can do. persistence.hpp uses eps to
// bound how far the landmarks' persistence diagram can be from the sample's.
//
// Each step updates every row's distance to the landmarks: O(n N D) for N rows of D columns.
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::topology {

struct Landmarks {
  std::vector<Index> index;    // rows of the sample, in the order chosen
  double covering_radius = 0;  // eps: max over ALL sample rows of the distance to the nearest landmark
  nlohmann::json to_json() const;  // {"count", "covering_radius", "index"}
};

// Farthest-point sampling of `points` (events x columns) starting at row `first`: min(n, rows)
// landmarks (n >= the number of rows: every row, in farthest-point order, covering radius 0).
// Throws InputError if n < 1, `first` is not a row, or a value is not finite; Error if topae
// was built without GUDHI (persistence_available() in persistence.hpp is then false).
Landmarks farthest_point_landmarks(const Table& points, Index n, Index first = 0);

}  // namespace topae::topology
