#include "topae/data/generators/torus.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::data {

void TorusSpec::validate() const {
  validate_sampling(3);
  if (!(major_radius > 0) || !std::isfinite(major_radius)) {
    throw InputError(fmt::format("--major-radius must be positive, got {}", major_radius));
  }
  if (!(minor_radius > 0) || !std::isfinite(minor_radius)) {
    throw InputError(fmt::format("--minor-radius must be positive, got {}", minor_radius));
  }
  if (!(minor_radius < major_radius)) {
    throw InputError(fmt::format("--minor-radius must be smaller than --major-radius {} (a torus of revolution "
                                 "without self-intersection), got {}",
                                 major_radius, minor_radius));
  }
}

nlohmann::json TorusSpec::to_json() const {
  auto j = sampling_json();
  j["generator"] = "torus";
  j["major_radius"] = major_radius;
  j["minor_radius"] = minor_radius;
  return j;
}

Manifold torus_manifold(const TorusSpec& spec) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const double R = spec.major_radius;
  const double r = spec.minor_radius;
  Manifold m;
  m.ambient = {"x", "y", "z"};
  m.intrinsic = {"u", "v"};
  m.draw = [=](RandomStream& rng, double* p) {
    const double u = two_pi * rng.uniform();
    double v = 0;
    do {
      v = two_pi * rng.uniform();
    } while (rng.uniform() * (R + r) > R + r * std::cos(v));
    const double rho = R + r * std::cos(v);
    p[0] = rho * std::cos(u);
    p[1] = rho * std::sin(u);
    p[2] = r * std::sin(v);
    p[3] = u;
    p[4] = v;
  };
  return m;
}

Dataset generate_torus(const TorusSpec& spec) {
  spec.validate();
  return sample(torus_manifold(spec), spec);
}

}  // namespace topae::data
