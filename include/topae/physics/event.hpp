#pragma once
// Event: n four-momenta (in generation order) and a weight.
#include <vector>

#include "topae/physics/four_vector.hpp"

namespace topae::physics {

struct Event {
  std::vector<FourVector> momenta;  // one per particle, in generation order
  double weight = 1.0;

  int n_particles() const { return static_cast<int>(momenta.size()); }
  // The sum of the momenta.
  FourVector total() const {
    FourVector t;
    for (const auto& p : momenta) t += p;
    return t;
  }
};

}  // namespace topae::physics
