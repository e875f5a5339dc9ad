#include "topae/data/generators/circle.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::data {

void CircleSpec::validate() const {
  if (n < 1) throw InputError(fmt::format("--n must be at least 1, got {}", n));
  if (!(radius > 0) || !std::isfinite(radius)) throw InputError(fmt::format("--radius must be positive, got {}", radius));
  if (!(noise >= 0) || !std::isfinite(noise)) throw InputError(fmt::format("--noise must be >= 0, got {}", noise));
}

nlohmann::json CircleSpec::to_json() const {
  return {{"n", n}, {"radius", radius}, {"noise", noise}, {"seed", seed}};
}

Dataset generate_circle(const CircleSpec& spec) {
  spec.validate();
  Dataset d;
  d.columns = {"x", "y", "theta"};
  d.truth = {"theta"};
  d.values.resize(spec.n, 3);
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < spec.n; ++i) {
    RandomStream rng(spec.seed, static_cast<std::uint64_t>(i));
    const double theta = 2.0 * std::numbers::pi * rng.uniform();
    double x = spec.radius * std::cos(theta);
    double y = spec.radius * std::sin(theta);
    if (spec.noise > 0) {
      x += spec.noise * rng.normal();
      y += spec.noise * rng.normal();
    }
    d.values.row(i) << x, y, theta;
  }
  return d;
}

}  // namespace topae::data
