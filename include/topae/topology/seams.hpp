#pragma once
// Seams: where an autoencoder tears the data manifold (docs/experiments.md).
//
// Circle: the angle of largest reconstruction error, raw and binned. Over seeds: circular
// statistics of those angles (the tear's place depends on the seed, its existence does not).
// Surfaces: the points whose error exceeds a threshold.
//
// Angles are in radians. Input angles may lie in any range; output angles lie in [0, 2 pi).
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::topology {

// theta reduced to [0, 2 pi).
double wrap_angle(double theta);
// The distance between two angles along the circle, in [0, pi].
double angular_distance(double a, double b);

// The seam of a 1-parameter family (a circle) parametrised by theta.
struct CircleSeam {
  double angle = 0;   // theta of the point with the largest error (the first on ties), wrapped
  Index index = -1;   // that point
  double error = 0;   // its error

  // Errors averaged in n_bins equal bins tiling [0, 2 pi): bin j is [j w, (j + 1) w).
  double bin_width = 0;            // w = 2 pi / n_bins
  Eigen::VectorXd bin_mean_error;  // n_bins; NaN for an empty bin
  std::vector<Index> bin_count;    // n_bins
  double smoothed_angle = 0;       // centre (j + 1/2) w of the bin with the largest mean error
  double smoothed_error = 0;       // that mean

  // Bin centres are (j + 1/2) * bin_width.
  nlohmann::json to_json() const;  // includes the profile
};

// theta, error: n (n >= 1); theta finite, error not NaN. bin_width in (0, 2 pi]: the number of
// bins is round(2 pi / bin_width) (at least 1), and the width used is 2 pi over that number,
// so bins tile the circle exactly. Throws InputError otherwise.
CircleSeam find_circle_seam(const Eigen::Ref<const Eigen::VectorXd>& theta,
                            const Eigen::Ref<const Eigen::VectorXd>& error, double bin_width);

// Circular statistics of a set of angles (e.g. one seam angle per seed).
struct CircularSpread {
  Index n = 0;
  double mean = 0;               // direction of the mean unit vector, in [0, 2 pi); NaN when
                                 // resultant_length <= 1e-12 (no direction)
  double resultant_length = 0;   // R = |mean of (cos, sin)| in [0, 1]: 1 all equal, ~0 spread out
  double largest_gap = 0;        // largest arc between circularly consecutive angles (2 pi if n = 1)
  double containing_arc = 0;     // smallest arc containing all angles: 2 pi - largest_gap (up to rounding)
  double arc_start = 0;          // where that arc starts; it runs counter-clockwise by containing_arc

  nlohmann::json to_json() const;
};

// angles: n >= 1, finite; otherwise InputError. "Not all within 30 degrees" is
// containing_arc > 30 degrees.
CircularSpread circular_spread(const Eigen::Ref<const Eigen::VectorXd>& angles);

// The points whose error exceeds a threshold (error > threshold, strictly).
struct SeamPoints {
  double threshold = 0;
  Index n_points = 0;          // all points
  std::vector<Index> indices;  // the points above, ascending
  double fraction = 0;         // indices.size() / n_points

  nlohmann::json to_json() const;
};

// error: n >= 1, not NaN; threshold not NaN; otherwise InputError.
SeamPoints find_seam_points(const Eigen::Ref<const Eigen::VectorXd>& error, double threshold);

}  // namespace topae::topology
