#pragma once
// The trefoil knot in R^3, a circle embedded with knotting:
//   x = sin t + 2 sin 2t,  y = cos t - 2 cos 2t,  z = -sin 3t,
// with t uniform in [0, 2 pi): uniform in the parameter, not in arc length (the speed
// |dX/dt| varies along the knot, so points are denser where it is slow).
//
// Columns x, y, z; truth t. The common options of SampleSpec apply (manifold.hpp).
#include <nlohmann/json_fwd.hpp>

#include "topae/data/dataset.hpp"
#include "topae/data/generators/manifold.hpp"

namespace topae::data {

struct TrefoilSpec : SampleSpec {
  void validate() const;
  nlohmann::json to_json() const;
};

// The trefoil's geometry (one uniform per point), for sample() and cluster_centre().
Manifold trefoil_manifold(const TrefoilSpec& spec);

// Event i is drawn from RandomStream(seed, i): the same events for any thread count.
Dataset generate_trefoil(const TrefoilSpec& spec);

}  // namespace topae::data
