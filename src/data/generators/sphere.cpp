#include "topae/data/generators/sphere.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::data {

void SphereSpec::validate() const {
  if (dim < 1 || dim > 10000) throw InputError(fmt::format("--dim must lie in [1, 10000], got {}", dim));
  validate_sampling(dim + 1);
  if (!(radius > 0) || !std::isfinite(radius)) throw InputError(fmt::format("--radius must be positive, got {}", radius));
}

nlohmann::json SphereSpec::to_json() const {
  auto j = sampling_json();
  j["generator"] = "sphere";
  j["dim"] = dim;
  j["radius"] = radius;
  return j;
}

Manifold sphere_manifold(const SphereSpec& spec) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const Index d = spec.dim;
  const double radius = spec.radius;
  Manifold m;
  if (d == 2) {
    m.ambient = {"x", "y", "z"};
    m.intrinsic = {"theta", "phi"};
  } else {
    for (Index k = 1; k <= d + 1; ++k) m.ambient.push_back(fmt::format("x{}", k));
    for (Index k = 1; k <= d; ++k) m.intrinsic.push_back(fmt::format("angle_{}", k));
  }
  m.draw = [=](RandomStream& rng, double* p) {
    // p[0 .. d]: the point; p[d+1 .. 2d]: its angles.
    double norm2 = 0;
    do {
      norm2 = 0;
      for (Index k = 0; k <= d; ++k) {
        p[k] = rng.normal();
        norm2 += p[k] * p[k];
      }
    } while (!(norm2 > 0));  // never in practice: Box-Muller gives no exact zeros together
    const double scale = radius / std::sqrt(norm2);
    for (Index k = 0; k <= d; ++k) p[k] *= scale;

    double* angle = p + d + 1;
    if (d == 2) {
      angle[0] = std::atan2(std::hypot(p[0], p[1]), p[2]);  // theta in [0, pi]
      angle[1] = std::atan2(p[1], p[0]);                    // phi
      if (angle[1] < 0) angle[1] += two_pi;
      if (angle[1] >= two_pi) angle[1] = 0;
      return;
    }
    // angle_k = atan2(|(x_{k+1}, ..., x_{d+1})|, x_k) for k < d (1-based), with the tail
    // norm built from the back; angle_d is the azimuth of (x_d, x_{d+1}).
    double tail = 0;
    for (Index k = d; k >= 1; --k) {
      tail = std::hypot(tail, p[k]);  // |p[k .. d]|
      if (k - 1 <= d - 2) angle[k - 1] = std::atan2(tail, p[k - 1]);
    }
    double last = std::atan2(p[d], p[d - 1]);
    if (last < 0) last += two_pi;
    if (last >= two_pi) last = 0;
    angle[d - 1] = last;
  };
  return m;
}

Dataset generate_sphere(const SphereSpec& spec) {
  spec.validate();
  return sample(sphere_manifold(spec), spec);
}

}  // namespace topae::data
