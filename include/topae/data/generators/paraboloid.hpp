#pragma once
// The paraboloid z = x^2 + y^2 over the annulus r_hole <= r <= r_max of the x-y plane (the
// study's gap example: the centre r < r_hole is excised; r_hole = 0 keeps the whole disk).
// Points are uniform in (x, y) area over the annulus (not in surface area):
//   r = sqrt(r_hole^2 + U (r_max^2 - r_hole^2)),  phi uniform in [0, 2 pi),
//   x = r cos(phi), y = r sin(phi), z = r^2.
//
// Columns x, y, z; truth r, phi. The common options of SampleSpec apply (manifold.hpp).
#include <nlohmann/json_fwd.hpp>

#include "topae/data/dataset.hpp"
#include "topae/data/generators/manifold.hpp"

namespace topae::data {

struct ParaboloidSpec : SampleSpec {
  double r_max = 2.0;   // --r-max: outer radius in the x-y plane
  double r_hole = 0.2;  // --r-hole: radius of the excised centre, in [0, r_max)

  void validate() const;
  nlohmann::json to_json() const;
};

// The paraboloid's geometry, for sample() and cluster_centre().
Manifold paraboloid_manifold(const ParaboloidSpec& spec);

// Event i is drawn from RandomStream(seed, i): the same events for any thread count.
Dataset generate_paraboloid(const ParaboloidSpec& spec);

}  // namespace topae::data
