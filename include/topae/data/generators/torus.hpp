#pragma once
// The torus of revolution in R^3, major radius R (centre of the tube to the z axis) and
// minor radius r < R (the tube), uniform in surface area:
//   x = (R + r cos v) cos u,  y = (R + r cos v) sin u,  z = r sin v,
// u around the z axis and v around the tube, both in [0, 2 pi). The area element is
// r (R + r cos v) du dv: u is uniform, v is drawn by rejection, a uniform v being kept with
// probability (R + r cos v) / (R + r).
//
// Columns x, y, z; truth u, v. The common options of SampleSpec apply (manifold.hpp).
#include <nlohmann/json_fwd.hpp>

#include "topae/data/dataset.hpp"
#include "topae/data/generators/manifold.hpp"

namespace topae::data {

struct TorusSpec : SampleSpec {
  double major_radius = 2.0;  // --major-radius: R
  double minor_radius = 1.0;  // --minor-radius: r, 0 < r < R

  void validate() const;
  nlohmann::json to_json() const;
};

// The torus's geometry, for sample() and cluster_centre().
Manifold torus_manifold(const TorusSpec& spec);

// Event i is drawn from RandomStream(seed, i): the same events for any thread count.
Dataset generate_torus(const TorusSpec& spec);

}  // namespace topae::data
