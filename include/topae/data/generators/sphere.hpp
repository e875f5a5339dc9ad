#pragma once
// The d-sphere of radius R in R^(d+1), uniform in surface measure (a normalised vector of
// d+1 standard normals, scaled by R).
//
// Columns: d = 2: x, y, z; otherwise x1 .. x{d+1}.
// Truth:   d = 2: theta, the polar angle from the +z axis in [0, pi], and phi, the azimuth
//          in the x-y plane in [0, 2 pi):
//            x = R sin(theta) cos(phi), y = R sin(theta) sin(phi), z = R cos(theta);
//          otherwise the hyperspherical angles angle_1 .. angle_d, angle_1..angle_{d-1} in
//          [0, pi] and angle_d in [0, 2 pi):
//            x_k     = R sin(angle_1) ... sin(angle_{k-1}) cos(angle_k)   (k = 1 .. d)
//            x_{d+1} = R sin(angle_1) ... sin(angle_d)
//          (d = 1: x1 = R cos(angle_1), x2 = R sin(angle_1), the circle).
//
// The common options of SampleSpec (noise, embed_dim, cluster) apply (manifold.hpp).
#include <nlohmann/json_fwd.hpp>

#include "topae/data/dataset.hpp"
#include "topae/data/generators/manifold.hpp"

namespace topae::data {

struct SphereSpec : SampleSpec {
  Index dim = 2;        // --dim: d, the sphere's dimension (ambient d + 1), at least 1
  double radius = 1.0;  // --radius

  void validate() const;
  nlohmann::json to_json() const;
};

// The sphere's geometry (d + 1 normals per point), for sample() and cluster_centre().
Manifold sphere_manifold(const SphereSpec& spec);

// Event i is drawn from RandomStream(seed, i): the same events for any thread count.
Dataset generate_sphere(const SphereSpec& spec);

}  // namespace topae::data
