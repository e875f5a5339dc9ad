// The register-tiled product behind Dense, forward and backward (bench/README.md).
//
// C = init + A B is cut into tiles of R vectors of A's rows (V floats a vector) by E columns
// of B. A tile's R x E sums stay in vector registers for the whole of the inner dimension: per
// k, R loads of A's column k (A is column-major), E broadcasts of B's entries, R x E fused
// multiply-adds. The accumulators are arrays indexed only by compile-time constants in fully
// unrolled loops, so that GCC keeps them in registers (check with objdump -d: no stores to the
// stack inside the loop over k). B is read through strides, so that one kernel serves
//   forward  y  = W x + b     A = W,    B = x
//   backward dx = W^T dy      A = W^T,  B = dy   (W^T by an in-register transpose)
//            dW = dy x^T      A = dy,   B = x^T  (the sum over the batch is the inner one)
// Eigen's GEMM reaches 65-81 GFLOP/s on these small shapes, spending much of its time packing;
// this kernel runs at 70-80 % of the core's FMA peak (bench/fma_peak.cpp).
//
// Every column of C is computed alone in the same order whatever tile it falls in: an event's
// numbers do not depend on its batch, so training, Model::score and ModelScorer agree.
#include "dense_kernel.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "../simd.hpp"

namespace topae::nn {

namespace {

using simd::kRegisters;
using simd::kV;
using simd::load;
using simd::store;
using simd::Vec;

// Tile sizes that fit the register file: R x E accumulators + R weight vectors + 1 broadcast
// must fit without spills.
constexpr int kMaxRows = kRegisters == 32 ? 4 : 2;  // R at most: 64 rows on AVX-512
// E for R: as many events as leave room for the weights and the broadcast.
constexpr int events_for(int rows) { return std::min(kRegisters - 2 - rows, 24) / rows; }

// Transposes kV x kV floats in registers: log2(kV) rounds, round b swapping the off-diagonal
// b x b blocks of every 2b x 2b block by two-vector shuffles (vpermt2ps on AVX-512).
void transpose(Vec (&rows)[kV]) {
  using Mask = std::int32_t __attribute__((vector_size(kV * sizeof(std::int32_t))));
  const auto round = [&](auto b_constant) {
    constexpr int b = decltype(b_constant)::value;
    Mask low{}, high{};  // the new rows r and r + b of each pair, from rows r (0..) and r + b (kV..)
    for (int l = 0; l < kV; ++l) {
      low[l] = (l & b) ? kV + l - b : l;
      high[l] = (l & b) ? kV + l : l + b;
    }
#pragma GCC unroll 16
    for (int r = 0; r < kV; ++r) {
      if (r & b) continue;
      const Vec a = rows[r], c = rows[r + b];
      rows[r] = __builtin_shuffle(a, c, low);
      rows[r + b] = __builtin_shuffle(a, c, high);
    }
  };
  if constexpr (kV >= 16) round(std::integral_constant<int, 8>{});
  if constexpr (kV >= 8) round(std::integral_constant<int, 4>{});
  round(std::integral_constant<int, 2>{});
  round(std::integral_constant<int, 1>{});
}

// One tile of C = init + A B: rows [0, R kV) of the (padded) panel `a` (leading dimension
// lda) by columns [0, E) of B, whose entry (k, j) is b[k sk + j sj], into c (column j at
// c + j ldc); init: R kV floats added to every column (the bias), or none (zeros). The last
// vector holds `last` valid rows.
template <int R, int E>
void tile(const float* a, Index lda, const float* init, Index depth, const float* b, Index sk, Index sj, float* c,
          Index ldc, int last) {
  Vec acc[R][E];
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    const Vec start = init ? load(init + r * kV) : Vec{};
#pragma GCC unroll 24
    for (int e = 0; e < E; ++e) acc[r][e] = start;
  }
#pragma GCC unroll 2  // two steps of k a pass: 10 % faster than one, as fast as four
  for (Index k = 0; k < depth; ++k) {
    Vec ak[R];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) ak[r] = load(a + k * lda + r * kV);
#pragma GCC unroll 24
    for (int e = 0; e < E; ++e) {
      const float be = b[k * sk + e * sj];  // broadcast by the vector-scalar product
#pragma GCC unroll 4
      for (int r = 0; r < R; ++r) acc[r][e] += ak[r] * be;  // contracted to one FMA
    }
  }
#pragma GCC unroll 24
  for (int e = 0; e < E; ++e) {
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) store(c + e * ldc + r * kV, acc[r][e], r + 1 == R ? last : kV);
  }
}

// The last `rest` columns (fewer than a tile's) by a tile of just that many: the same
// arithmetic per column, so the same numbers.
template <int R, int N = events_for(R) - 1>
void rest_tile(int rest, const float* a, Index lda, const float* init, Index depth, const float* b, Index sk,
               Index sj, float* c, Index ldc, int last) {
  if constexpr (N >= 1) {
    if (rest == N) return tile<R, N>(a, lda, init, depth, b, sk, sj, c, ldc, last);
    rest_tile<R, N - 1>(rest, a, lda, init, depth, b, sk, sj, c, ldc, last);
  }
}

// Rows [0, R kV) of the panel for all `cols` columns of B: whole tiles of E columns, then the rest.
template <int R>
void row_block(const float* a, Index lda, const float* init, Index depth, const float* b, Index sk, Index sj,
               Index cols, float* c, Index ldc, int last) {
  constexpr int E = events_for(R);
  Index j = 0;
  for (; j + E <= cols; j += E) tile<R, E>(a, lda, init, depth, b + j * sj, sk, sj, c + j * ldc, ldc, last);
  if (j < cols)
    rest_tile<R>(static_cast<int>(cols - j), a, lda, init, depth, b + j * sj, sk, sj, c + j * ldc, ldc, last);
}

// C (rows x cols, column j at c + j ldc) = init + A B, A (rows x depth) column-major with
// leading dimension lda, B(k, j) = b[k sk + j sj]. Each entry is init_i + sum_k A_ik B_kj,
// summed in the order k = 0, 1, ... with one fused multiply-add a term: a column's numbers
// depend on that column of B alone.
void gemm(const float* A, Index lda, Index rows, const float* init, Index depth, const float* b, Index sk, Index sj,
          Index cols, float* c, Index ldc) {
  if (rows == 0 || cols == 0) return;
  // A's rows padded to whole vectors where they are not (a copy of rows x depth floats, little
  // beside the product's work); A and init in place otherwise.
  const Index padded = (rows + kV - 1) / kV * kV;
  const float* a = A;
  thread_local std::vector<float> ap, ip;
  if (lda < padded) {
    ap.assign(static_cast<std::size_t>(padded * depth), 0.0f);
    for (Index k = 0; k < depth; ++k) std::copy_n(A + k * lda, rows, ap.begin() + k * padded);
    a = ap.data();
    lda = padded;
  }
  if (init && padded != rows) {
    ip.assign(static_cast<std::size_t>(padded), 0.0f);
    std::copy_n(init, rows, ip.begin());
    init = ip.data();
  }
  // Blocks of kMaxRows vectors of rows, then one block of the vectors left.
  const Index vectors = padded / kV;
  for (Index v = 0; v < vectors; v += kMaxRows) {
    const int block = static_cast<int>(std::min<Index>(kMaxRows, vectors - v));
    const int last = v + block == vectors ? static_cast<int>(rows - (padded - kV)) : kV;
    const float* av = a + v * kV;
    const float* iv = init ? init + v * kV : nullptr;
    float* cv = c + v * kV;
    switch (block) {
      case 1: row_block<1>(av, lda, iv, depth, b, sk, sj, cols, cv, ldc, last); break;
      case 2: row_block<2>(av, lda, iv, depth, b, sk, sj, cols, cv, ldc, last); break;
      case 3: if constexpr (kMaxRows >= 3) row_block<3>(av, lda, iv, depth, b, sk, sj, cols, cv, ldc, last); break;
      default: if constexpr (kMaxRows >= 4) row_block<4>(av, lda, iv, depth, b, sk, sj, cols, cv, ldc, last); break;
    }
  }
}

}  // namespace

void dense_forward(const float* W, const float* b, Index out, Index in, const float* x, Index n, float* y) {
  gemm(W, out, out, b, in, x, 1, in, n, y, out);
}

namespace {

// W^T's layout: in x out column-major, its rows padded to whole vectors (zeros in the
// padding), and one vector more between columns, so that W's columns and W^T's are not a
// multiple of 4 KiB apart (the loads would wait on the stores they alias).
Index transposed_rows(Index in) { return (in + kV - 1) / kV * kV + kV; }

}  // namespace

Index dense_transposed_size(Index out, Index in) { return transposed_rows(in) * out; }

void dense_transpose(const float* W, Index out, Index in, float* t) {
  const Index padded = (in + kV - 1) / kV * kV;
  const Index ldt = transposed_rows(in);
  for (Index j0 = 0; j0 < padded; j0 += kV) {
    Index i0 = 0;
    for (; i0 + kV <= out; i0 += kV) {  // whole blocks: kV columns of W in, kV rows of W^T out
      Vec block[kV];
#pragma GCC unroll 16
      for (int c = 0; c < kV; ++c) block[c] = j0 + c < in ? load(W + i0 + (j0 + c) * out) : Vec{};
      transpose(block);
#pragma GCC unroll 16
      for (int r = 0; r < kV; ++r) std::memcpy(t + (i0 + r) * ldt + j0, &block[r], sizeof(Vec));
    }
    for (; i0 < out; ++i0)  // the last rows of W, one at a time
      for (Index j = j0; j < j0 + kV; ++j) t[i0 * ldt + j] = j < in ? W[i0 + j * out] : 0.0f;
  }
}

void dense_backward_input(const float* t, Index out, Index in, const float* dy, Index n, float* dx) {
  gemm(t, transposed_rows(in), in, nullptr, out, dy, 1, out, n, dx, in);
}

void dense_weight_gradient(const float* dy, Index out, const float* x, Index in, Index n, float* dW) {
  // dW_ij = sum_e dy_ie x_je: A = dy (out x n), B(e, j) = x_je at x[e in + j].
  gemm(dy, out, out, nullptr, n, x, in, 1, in, dW, out);
}

}  // namespace topae::nn
