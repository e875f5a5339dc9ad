#pragma once
// The widest float vector the build targets, for nn's hand-vectorized loops (the Dense
// kernel): GCC vector extensions, so that one source serves AVX-512, AVX and SSE/NEON.
#include <cstring>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace topae::nn::simd {

#if defined(__AVX512F__)
constexpr int kV = 16;  // floats per vector (zmm)
constexpr int kRegisters = 32;
#elif defined(__AVX__)
constexpr int kV = 8;  // ymm
constexpr int kRegisters = 16;
#else
constexpr int kV = 4;  // xmm (SSE, NEON)
constexpr int kRegisters = 16;
#endif
using Vec = float __attribute__((vector_size(kV * sizeof(float))));

inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);  // an unaligned vector load
  return v;
}

// The first `count` (1..kV) floats of v to p.
inline void store(float* p, Vec v, int count) {
  if (count == kV) {
    std::memcpy(p, &v, sizeof v);
    return;
  }
#if defined(__AVX512F__)
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << count) - 1), reinterpret_cast<__m512>(v));
#else
  for (int j = 0; j < count; ++j) p[j] = v[j];
#endif
}

}  // namespace topae::nn::simd
