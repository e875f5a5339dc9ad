#pragma once
// Counter-based random numbers (Random123 Philox-4x32-10).
//
// A stream is keyed by (seed, stream): stream is an event index, an epoch, a layer number...
// Draws within a stream are numbered, so results never depend on which thread draws them.
#include <Random123/philox.h>

#include <cstdint>
#include <string_view>
#include <vector>

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

  // Block `index` (the words next_u32() hands out as draws 4 index .. 4 index + 3) of the
  // L streams (seed, first_stream + l), l < L: w[k][l] is word k of stream l. Random123's
  // Philox-4x32-10 rounds and constants, written as loops over streams so that the compiler
  // vectorises them (Random123's own struct-passing code defeats that); equal bit for bit
  // to next_u32() (tests/core/rng_test.cpp).
  template <int L>
  static void blocks(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t index, std::uint32_t (&w)[4][L]);

 private:
  using Philox = r123::Philox4x32;
  Philox philox_;
  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_;
  int used_ = 4;  // words of block_ already handed out
};

template <int L>
void RandomStream::blocks(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t index, std::uint32_t (&w)[4][L]) {
  std::uint32_t k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  std::uint32_t* c0 = w[0];
  std::uint32_t* c1 = w[1];
  std::uint32_t* c2 = w[2];
  std::uint32_t* c3 = w[3];
#pragma omp simd
  for (int l = 0; l < L; ++l) {
    const std::uint64_t stream = first_stream + static_cast<std::uint64_t>(l);
    c0[l] = static_cast<std::uint32_t>(stream);
    c1[l] = static_cast<std::uint32_t>(stream >> 32);
    c2[l] = index;
    c3[l] = 0;
  }
  for (int round = 0; round < PHILOX4x32_DEFAULT_ROUNDS; ++round) {
#pragma omp simd
    for (int l = 0; l < L; ++l) {
      const std::uint64_t p0 = std::uint64_t{PHILOX_M4x32_0} * c0[l];
      const std::uint64_t p1 = std::uint64_t{PHILOX_M4x32_1} * c2[l];
      const auto n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[l] ^ k0;
      const auto n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[l] ^ k1;
      c0[l] = n0;
      c1[l] = static_cast<std::uint32_t>(p1);
      c2[l] = n2;
      c3[l] = static_cast<std::uint32_t>(p0);
    }
    k0 += PHILOX_W32_0;
    k1 += PHILOX_W32_1;
  }
}

// The seed of the sample drawn for `purpose` ("train", "test", "reference", ...) in a run
// seeded `seed`: a Philox draw keyed by the seed, at a counter hashed from the name. Samples
// of one run are independent of each other and of every other run's (seed + 1000 for the
// test set would make seed 1001's training set seed 1's test set).
std::uint64_t named_seed(std::uint64_t seed, std::string_view purpose);

// m of the rows 0 .. n-1 drawn without replacement, in the order drawn (a partial
// Fisher-Yates shuffle on the stream (seed, 0)); every row, shuffled, when m >= n.
std::vector<std::int64_t> random_permutation(std::int64_t n, std::int64_t m, std::uint64_t seed);
// The same rows, ascending.
std::vector<std::int64_t> random_subset(std::int64_t n, std::int64_t m, std::uint64_t seed);

}  // namespace topae
