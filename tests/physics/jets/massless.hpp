// Massless four-momenta for the jet tests, by (pT, rapidity y, azimuth phi).
#pragma once

#include <cmath>

#include "topae/physics/four_vector.hpp"

namespace topae::test {

// Not inlined: GCC 12.2 with AVX-512 (-march=native) folds the call with constant arguments
// into a wrong vector constant (massless(100, 0, 0) came out as (100, 100, 100, 100)).
[[gnu::noinline]] inline physics::FourVector massless(double pt, double y, double phi) {
  return {pt * std::cosh(y), pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(y)};
}

}  // namespace topae::test
