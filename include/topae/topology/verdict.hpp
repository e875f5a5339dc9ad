#pragma once
// The audit's verdict: the smallest latent dimension that holds the data without a tear, the
// latent geometry that fits it, and plain sentences saying why.
//
// The arguments, from the intrinsic dimension d and the Betti numbers b_i:
// - A closed d-manifold (b_d = 1: a circle, a sphere, a torus) does not embed in R^d
//   (invariance of domain), so a latent space of dimension d tears it; closed orientable
//   surfaces embed in R^3, a circle in R^2. A d-sphere with an antipodal map needs d + 1 even
//   in the weaker sense that some antipodal pair must share a code (Borsuk-Ulam).
// - A point without a d-dimensional neighbourhood (the double cone's apex) forces a tear at
//   dimension d as well, by the same argument applied near that point.
// - A d-manifold with boundary and no such obstruction (an arc, a disc, an annulus) fits in
//   R^d. Every compact d-manifold embeds in R^(2d) (Whitney): 2d is always enough.
// Homology over Z/2 does not see orientation: a Moebius band has the Betti numbers of an
// annulus and needs 3, not 2; a Klein bottle those of a torus and needs 4. The sentences say so.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::topology {

struct VerdictInput {
  int dimension = 1;                      // d, the rounded estimate (>= 1)
  bool dimension_clear = true;            // the estimators agree on d
  std::vector<std::optional<int>> betti;  // b_0, b_1, ...; nullopt where not computed
  bool homology_clear = true;             // no bar in the grey zone between noise and feature
  bool singular_point = false;            // a point without a d-dimensional neighbourhood was found
  Index singular_near_misses = 0;         // if not: events that looked like one, too few to count
  bool noise_hides_singular_points = false;  // if not: noise too wide for the test to see one
  std::optional<bool> antipodal;          // the given involution is a free symmetry (nullopt: none given)
};

struct Verdict {
  int min_latent_dim = 1;
  std::string latent_geometry = "euclidean";  // euclidean, circle, sphere or torus
  std::string shape;                          // "a circle", "a 2-sphere", "5-dimensional", ...
  std::string argument;                       // the theorem behind min_latent_dim
  bool confident = false;
  std::vector<std::string> summary;           // plain sentences for the user
  nlohmann::json to_json() const;
};

Verdict audit_verdict(const VerdictInput& input);

}  // namespace topae::topology
