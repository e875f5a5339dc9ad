#include "topae/data/generators/trefoil.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/rng.hpp"

namespace topae::data {

void TrefoilSpec::validate() const { validate_sampling(3); }

nlohmann::json TrefoilSpec::to_json() const {
  auto j = sampling_json();
  j["generator"] = "trefoil";
  return j;
}

Manifold trefoil_manifold(const TrefoilSpec& /*spec*/) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  Manifold m;
  m.ambient = {"x", "y", "z"};
  m.intrinsic = {"t"};
  m.draw = [](RandomStream& rng, double* p) {
    const double t = two_pi * rng.uniform();
    p[0] = std::sin(t) + 2.0 * std::sin(2.0 * t);
    p[1] = std::cos(t) - 2.0 * std::cos(2.0 * t);
    p[2] = -std::sin(3.0 * t);
    p[3] = t;
  };
  return m;
}

Dataset generate_trefoil(const TrefoilSpec& spec) {
  spec.validate();
  return sample(trefoil_manifold(spec), spec);
}

}  // namespace topae::data
