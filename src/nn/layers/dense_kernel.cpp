// A register-tiled y = W x + b for Dense::forward (bench/README.md, "Tables at any size").
//
// The product is cut into tiles of R vectors of W's rows (V floats a vector) by E events.
// A tile's R x E sums stay in vector registers for the whole of the inner dimension: per k,
// R loads of W's column k (read in place: W is column-major), E broadcasts of x_k, R x E
// fused multiply-adds. The accumulators are arrays indexed only by compile-time constants in
// fully unrolled loops, so that GCC keeps them in registers (check with objdump -d: no
// stores to the stack inside the loop over k). Eigen's GEMM reaches 65-81 GFLOP/s on these
// small shapes; this kernel runs near the core's FMA peak.
//
// Every event is computed alone in the same order whatever tile it falls in: a batch of 1
// gives the numbers of a batch of 1024, and training, Model::score and ModelScorer agree.
#include "dense_kernel.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace topae::nn {

namespace {

// The widest vector the target has, and tile sizes that fit its register file: R x E
// accumulators + R weight vectors + 1 broadcast must fit without spills.
#if defined(__AVX512F__)
constexpr int kV = 16;        // floats per vector (zmm)
constexpr int kRegisters = 32;
#elif defined(__AVX__)
constexpr int kV = 8;         // ymm
constexpr int kRegisters = 16;
#else
constexpr int kV = 4;         // xmm (SSE, NEON)
constexpr int kRegisters = 16;
#endif
using Vec = float __attribute__((vector_size(kV * sizeof(float))));

constexpr int kMaxRows = kRegisters == 32 ? 4 : 2;  // R at most: 64 rows on AVX-512
// E for R: as many events as leave room for the weights and the broadcast.
constexpr int events_for(int rows) { return std::min(kRegisters - 2 - rows, 24) / rows; }

Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);  // an unaligned vector load
  return v;
}

void store(float* p, Vec v, int count) {
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

// One tile: rows [0, R kV) of the (padded) W panel `w` (leading dimension ldw) for events
// x[0 .. E) (each `in` floats apart), into y (each event `out` floats apart); the last vector
// holds `last` valid rows.
template <int R, int E>
void tile(const float* w, Index ldw, const float* bias, Index in, const float* x, float* y, Index out, int last) {
  Vec acc[R][E];
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    const Vec b = load(bias + r * kV);
#pragma GCC unroll 24
    for (int e = 0; e < E; ++e) acc[r][e] = b;
  }
  for (Index k = 0; k < in; ++k) {
    Vec wk[R];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) wk[r] = load(w + k * ldw + r * kV);
#pragma GCC unroll 24
    for (int e = 0; e < E; ++e) {
      const float xe = x[e * in + k];  // broadcast by the vector-scalar product
#pragma GCC unroll 4
      for (int r = 0; r < R; ++r) acc[r][e] += wk[r] * xe;  // contracted to one FMA
    }
  }
#pragma GCC unroll 24
  for (int e = 0; e < E; ++e) {
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) store(y + e * out + r * kV, acc[r][e], r + 1 == R ? last : kV);
  }
}

// Rows [0, R kV) of the panel for all n events: whole tiles of E events, then the rest
// through a zero-padded copy (the same arithmetic on each event, so the same numbers).
template <int R>
void row_block(const float* w, Index ldw, const float* bias, Index in, const float* x, Index n, float* y, Index out,
               int last) {
  constexpr int E = events_for(R);
  Index e = 0;
  for (; e + E <= n; e += E) tile<R, E>(w, ldw, bias, in, x + e * in, y + e * out, out, last);
  if (e == n) return;
  const Index rest = n - e;
  thread_local std::vector<float> xs, ys;
  xs.assign(static_cast<std::size_t>(E * in), 0.0f);
  ys.resize(static_cast<std::size_t>(E * R * kV));
  std::copy(x + e * in, x + n * in, xs.begin());
  tile<R, E>(w, ldw, bias, in, xs.data(), ys.data(), R * kV, kV);
  for (Index j = 0; j < rest; ++j)
    std::copy_n(ys.data() + j * R * kV, (R - 1) * kV + last, y + (e + j) * out);
}

}  // namespace

void dense_forward(const float* W, const float* b, Index out, Index in, const float* x, Index n, float* y) {
  if (out == 0 || n == 0) return;
  // W's rows padded to whole vectors where `out` is not a multiple of kV (a copy of out x in
  // floats: nothing beside the work of a batch); W and b in place otherwise.
  const Index padded = (out + kV - 1) / kV * kV;
  const float* w = W;
  const float* bias = b;
  thread_local std::vector<float> wp, bp;
  if (padded != out) {
    wp.assign(static_cast<std::size_t>(padded * in), 0.0f);
    bp.assign(static_cast<std::size_t>(padded), 0.0f);
    for (Index k = 0; k < in; ++k) std::copy_n(W + k * out, out, wp.begin() + k * padded);
    std::copy_n(b, out, bp.begin());
    w = wp.data();
    bias = bp.data();
  }
  // Blocks of kMaxRows vectors of rows, then one block of the vectors left.
  const Index vectors = padded / kV;
  for (Index v = 0; v < vectors; v += kMaxRows) {
    const int rows = static_cast<int>(std::min<Index>(kMaxRows, vectors - v));
    const int last = v + rows == vectors ? static_cast<int>(out - (padded - kV)) : kV;
    const float* wv = w + v * kV;
    const float* bv = bias + v * kV;
    float* yv = y + v * kV;
    switch (rows) {
      case 1: row_block<1>(wv, padded, bv, in, x, n, yv, out, last); break;
      case 2: row_block<2>(wv, padded, bv, in, x, n, yv, out, last); break;
      case 3: if constexpr (kMaxRows >= 3) row_block<3>(wv, padded, bv, in, x, n, yv, out, last); break;
      default: if constexpr (kMaxRows >= 4) row_block<4>(wv, padded, bv, in, x, n, yv, out, last); break;
    }
  }
}

}  // namespace topae::nn
