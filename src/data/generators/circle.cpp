#include "topae/data/generators/circle.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::data {

void CircleSpec::validate() const {
  validate_sampling(2);
  if (!(radius > 0) || !std::isfinite(radius)) throw InputError(fmt::format("--radius must be positive, got {}", radius));
  if (!(gap_width >= 0 && gap_width < 2 * std::numbers::pi)) {
    throw InputError(fmt::format("--gap-width must lie in [0, 2 pi) radians, got {}", gap_width));
  }
  if (!std::isfinite(gap_centre)) throw InputError(fmt::format("--gap-centre must be finite, got {}", gap_centre));
}

nlohmann::json CircleSpec::to_json() const {
  auto j = sampling_json();
  j["generator"] = gap_width > 0 ? "arc" : "circle";
  j["radius"] = radius;
  j["gap_width"] = gap_width;
  j["gap_centre"] = gap_centre;
  return j;
}

CircleSpec arc_spec() {
  CircleSpec spec;
  spec.gap_width = kArcGap;
  return spec;
}

Manifold circle_manifold(const CircleSpec& spec) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const double radius = spec.radius;
  const double gap = spec.gap_width;
  // The arc starts at the gap's far edge and runs counter-clockwise over 2 pi - gap.
  const double start = spec.gap_centre + 0.5 * gap;
  Manifold m;
  m.ambient = {"x", "y"};
  m.intrinsic = {"theta"};
  m.draw = [=](RandomStream& rng, double* p) {
    double theta = 0;
    if (gap == 0) {
      theta = two_pi * rng.uniform();  // the full circle: the golden fixture's draws
    } else {
      theta = std::fmod(start + (two_pi - gap) * rng.uniform(), two_pi);
      if (theta < 0) theta += two_pi;
      if (theta >= two_pi) theta = 0;  // -tiny + 2 pi rounds up
    }
    p[0] = radius * std::cos(theta);
    p[1] = radius * std::sin(theta);
    p[2] = theta;
  };
  return m;
}

Dataset generate_circle(const CircleSpec& spec) {
  spec.validate();
  return sample(circle_manifold(spec), spec);
}

}  // namespace topae::data
