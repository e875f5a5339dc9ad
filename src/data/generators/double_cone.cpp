#include "topae/data/generators/double_cone.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::data {

std::string cone_sampling_name(ConeSampling s) { return s == ConeSampling::area ? "area" : "height"; }

ConeSampling parse_cone_sampling(const std::string& name) {
  if (name == "area") return ConeSampling::area;
  if (name == "height") return ConeSampling::height;
  throw InputError(fmt::format("--sampling must be area or height, got '{}'", name));
}

void DoubleConeSpec::validate() const {
  validate_sampling(3);
  if (!(height > 0) || !std::isfinite(height)) throw InputError(fmt::format("--height must be positive, got {}", height));
  if (!(slope > 0) || !std::isfinite(slope)) throw InputError(fmt::format("--slope must be positive, got {}", slope));
}

nlohmann::json DoubleConeSpec::to_json() const {
  auto j = sampling_json();
  j["generator"] = "double-cone";
  j["height"] = height;
  j["slope"] = slope;
  j["sampling"] = cone_sampling_name(sampling);
  return j;
}

Manifold double_cone_manifold(const DoubleConeSpec& spec) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const double h = spec.height;
  const double slope = spec.slope;
  const bool by_area = spec.sampling == ConeSampling::area;
  Manifold m;
  m.ambient = {"x", "y", "z"};
  m.intrinsic = {"height", "phi"};
  m.draw = [=](RandomStream& rng, double* p) {
    const double sign = rng.uniform() < 0.5 ? -1.0 : 1.0;
    const double u = rng.uniform();
    const double depth = by_area ? h * std::sqrt(u) : h * u;  // |z|
    const double phi = two_pi * rng.uniform();
    const double z = sign * depth;
    p[0] = slope * depth * std::cos(phi);
    p[1] = slope * depth * std::sin(phi);
    p[2] = z;
    p[3] = z;
    p[4] = phi;
  };
  return m;
}

Dataset generate_double_cone(const DoubleConeSpec& spec) {
  spec.validate();
  return sample(double_cone_manifold(spec), spec);
}

}  // namespace topae::data
