#pragma once
// Counter-based random numbers (Random123 Philox-4x32-10).
//
// A stream is keyed by (seed, stream): stream is an event index, an epoch, a layer number...
// Draws within a stream are numbered, so results never depend on which thread draws them.
#include <Random123/philox.h>

#include <cstdint>

namespace topae {

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t stream);

  std::uint32_t next_u32();
  // Uniform in the open interval (0, 1), 53 random bits.
  double uniform();
  // Uniform in (0, 1) from a single 32-bit word (resolution 2^-32): half the cost of
  // uniform(), for draws where that resolution is plenty (angles, RAMBO's energies).
  double uniform32() { return (static_cast<double>(next_u32()) + 0.5) * 0x1p-32; }
  // Standard normal (Box-Muller on two uniforms).
  double normal();
  // Uniform integer in [0, n), without modulo bias.
  std::uint64_t below(std::uint64_t n);

 private:
  using Philox = r123::Philox4x32;
  Philox philox_;
  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_;
  int used_ = 4;  // words of block_ already handed out
};

}  // namespace topae
