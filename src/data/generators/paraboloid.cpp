#include "topae/data/generators/paraboloid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::data {

void ParaboloidSpec::validate() const {
  validate_sampling(3);
  if (!(r_max > 0) || !std::isfinite(r_max)) throw InputError(fmt::format("--r-max must be positive, got {}", r_max));
  if (!(r_hole >= 0) || !std::isfinite(r_hole)) throw InputError(fmt::format("--r-hole must be >= 0, got {}", r_hole));
  if (!(r_hole < r_max)) {
    throw InputError(fmt::format("--r-hole must be smaller than --r-max {}, got {}", r_max, r_hole));
  }
}

nlohmann::json ParaboloidSpec::to_json() const {
  auto j = sampling_json();
  j["generator"] = "paraboloid";
  j["r_max"] = r_max;
  j["r_hole"] = r_hole;
  return j;
}

Manifold paraboloid_manifold(const ParaboloidSpec& spec) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const double lo2 = spec.r_hole * spec.r_hole;
  const double hi2 = spec.r_max * spec.r_max;
  const double r_hole = spec.r_hole;
  const double r_max = spec.r_max;
  Manifold m;
  m.ambient = {"x", "y", "z"};
  m.intrinsic = {"r", "phi"};
  m.draw = [=](RandomStream& rng, double* p) {
    // Clamped: rounding must not carry r a hair outside [r_hole, r_max].
    const double r = std::clamp(std::sqrt(lo2 + rng.uniform() * (hi2 - lo2)), r_hole, r_max);
    const double phi = two_pi * rng.uniform();
    p[0] = r * std::cos(phi);
    p[1] = r * std::sin(phi);
    p[2] = r * r;
    p[3] = r;
    p[4] = phi;
  };
  return m;
}

Dataset generate_paraboloid(const ParaboloidSpec& spec) {
  spec.validate();
  return sample(paraboloid_manifold(spec), spec);
}

}  // namespace topae::data
