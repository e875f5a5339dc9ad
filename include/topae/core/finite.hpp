#pragma once
// Whether an array of doubles holds only finite numbers, in one vectorized pass: the test on
// the exponent bits is an integer OR reduction, which the compiler vectorizes; Eigen's
// allFinite() stops at the first bad value and so is a scalar loop, six times slower. Callers
// look for the bad value itself only when there is one.
#include <cstdint>
#include <cstring>

#include "topae/core/matrix.hpp"

namespace topae {

inline bool all_finite(const double* values, Index n) {
  constexpr std::uint64_t kExponent = 0x7ff0000000000000;  // all ones: infinity or NaN
  std::uint64_t bad = 0;
  for (Index i = 0; i < n; ++i) {
    std::uint64_t bits;
    std::memcpy(&bits, values + i, sizeof bits);
    bad |= static_cast<std::uint64_t>((bits & kExponent) == kExponent);
  }
  return bad == 0;
}

}  // namespace topae
