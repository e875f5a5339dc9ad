#pragma once
// The circle of radius R in R^2, uniform in angle: columns x, y and the truth column theta
// (the angle in [0, 2 pi) at which the point was drawn), with optional isotropic Gaussian
// noise of standard deviation `noise` added to x and y.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>

#include "topae/data/dataset.hpp"

namespace topae::data {

struct CircleSpec {
  Index n = 10000;
  double radius = 1.0;
  double noise = 0.0;
  std::uint64_t seed = 1;

  void validate() const;
  nlohmann::json to_json() const;
};

// Event i is drawn from RandomStream(seed, i): the same events for any thread count.
Dataset generate_circle(const CircleSpec& spec);

}  // namespace topae::data
