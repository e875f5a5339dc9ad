#include "topae/core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace topae {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t stream)
    : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
      counter_{{static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32), 0, 0}} {}

std::uint32_t RandomStream::next_u32() {
  if (used_ == 4) {
    block_ = philox_(counter_, key_);
    if (++counter_[2] == 0) ++counter_[3];
    used_ = 0;
  }
  return block_[used_++];
}

double RandomStream::uniform() {
  const std::uint64_t hi = next_u32() >> 5;  // 27 bits
  const std::uint64_t lo = next_u32() >> 6;  // 26 bits
  return (static_cast<double>((hi << 26) | lo) + 0.5) * 0x1p-53;
}

double RandomStream::normal() {
  const double u1 = uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

namespace {
__extension__ typedef unsigned __int128 u128;
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  // Lemire's multiply-and-reject on 64 random bits.
  for (;;) {
    const std::uint64_t x = (static_cast<std::uint64_t>(next_u32()) << 32) | next_u32();
    const u128 m = static_cast<u128>(x) * n;
    const auto low = static_cast<std::uint64_t>(m);
    if (low >= n || low >= (-n) % n) return static_cast<std::uint64_t>(m >> 64);
  }
}

std::uint64_t named_seed(std::uint64_t seed, std::string_view purpose) {
  // FNV-1a of the name: the stream of one Philox draw.
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : purpose) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  RandomStream stream(seed, hash);
  const std::uint64_t high = stream.next_u32();
  return high << 32 | stream.next_u32();
}

std::vector<std::int64_t> random_permutation(std::int64_t n, std::int64_t m, std::uint64_t seed) {
  std::vector<std::int64_t> rows(static_cast<std::size_t>(std::max<std::int64_t>(n, 0)));
  std::iota(rows.begin(), rows.end(), 0);
  m = std::clamp<std::int64_t>(m, 0, n);
  RandomStream stream(seed, 0);
  for (std::int64_t i = 0; i < m; ++i) {
    const auto j = i + static_cast<std::int64_t>(stream.below(static_cast<std::uint64_t>(n - i)));
    std::swap(rows[static_cast<std::size_t>(i)], rows[static_cast<std::size_t>(j)]);
  }
  rows.resize(static_cast<std::size_t>(m));
  return rows;
}

std::vector<std::int64_t> random_subset(std::int64_t n, std::int64_t m, std::uint64_t seed) {
  auto rows = random_permutation(n, m, seed);
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace topae
