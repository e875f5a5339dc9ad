#pragma once
// Is a given involution A a free symmetry of the sample? (Parity p -> -p on phase space.)
//
// Symmetry: A maps the sample onto itself, up to sampling: the distance from A x_i to the
// nearest sample point is as small as a sample point's distance to its nearest neighbour.
// Free: no point is (nearly) fixed, min |x_i - A x_i| is far above the sampling scale.
// A d-sphere with a free antipodal symmetry cannot be mapped continuously into R^d without
// identifying some x with A x (Borsuk-Ulam), which is what makes a symmetry worth finding:
// it is a sphere-specific test where homology in dimension d is out of reach.
#include <nlohmann/json.hpp>

#include "topae/core/matrix.hpp"

namespace topae::topology {

struct AntipodalSymmetry {
  double image_distance = 0;     // median over the sample of the distance from A x_i to the sample
  double neighbour_distance = 0; // median nearest-neighbour distance within the sample
  double min_separation = 0;     // min_i |x_i - A x_i|
  bool symmetric = false;        // image_distance <= 1.5 neighbour_distance
  bool no_fixed_points = false;            // min_separation > 4 neighbour_distance
  bool holds() const { return symmetric && no_fixed_points; }
  nlohmann::json to_json() const;
};

// x, ax: n x D with row i holding x_i and A x_i, in the coordinates to compare (n >= 2, finite).
AntipodalSymmetry antipodal_symmetry(const Table& x, const Table& ax);

}  // namespace topae::topology
