// Dense's register-tiled kernel (src/nn/layers/dense_kernel.cpp), forward and backward,
// against plain double-precision loops, on shapes that are and are not multiples of its tiles.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "topae/core/rng.hpp"
#include "topae/nn/layers/dense.hpp"

namespace topae::nn {
namespace {

std::vector<float> random_params(const Dense& dense, std::uint64_t stream) {
  RandomStream rng(5, stream);
  std::vector<float> params(static_cast<std::size_t>(dense.n_params()));
  for (auto& p : params) p = static_cast<float>(rng.normal());
  return params;
}

MatrixXf random_events(Index in, Index n, std::uint64_t stream) {
  RandomStream rng(6, stream);
  MatrixXf x(in, n);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(3.0 * rng.normal());
  return x;
}

// Each entry against b + sum_k W x summed in double: float summation of in + 1 terms, one
// rounding per term, is off by at most (in + 1) u (|b| + sum_k |W_ik x_k|), u = 2^-24.
void expect_near_exact(Index in, Index out, Index n) {
  SCOPED_TRACE(fmt::format("{} -> {}, {} events", in, out, n));
  const Dense dense(in, out);
  const auto params = random_params(dense, static_cast<std::uint64_t>(in * 1000 + out));
  const MatrixXf x = random_events(in, n, static_cast<std::uint64_t>(n));
  MatrixXf y;
  dense.forward(params.data(), x, y);
  ASSERT_EQ(y.rows(), out);
  ASSERT_EQ(y.cols(), n);
  const auto W = dense.weight(params.data());
  const auto b = dense.bias(params.data());
  const double u = std::numeric_limits<float>::epsilon() / 2;
  for (Index e = 0; e < n; ++e) {
    for (Index i = 0; i < out; ++i) {
      double exact = b(i), scale = std::abs(b(i));
      for (Index k = 0; k < in; ++k) {
        exact += static_cast<double>(W(i, k)) * x(k, e);
        scale += std::abs(static_cast<double>(W(i, k)) * x(k, e));
      }
      ASSERT_LE(std::abs(y(i, e) - exact), static_cast<double>(in + 1) * u * scale) << "row " << i << ", event " << e;
    }
  }
}

TEST(DenseKernel, MatchesDoublePrecisionOnTiledAndOddShapes) {
  for (const Index in : {1, 5, 12, 17, 64})
    for (const Index out : {1, 5, 12, 16, 17, 33, 64, 65, 100})
      for (const Index n : {1, 5, 6, 7, 25, 1023}) expect_near_exact(in, out, n);
}

TEST(DenseKernel, AnEventsNumbersDoNotDependOnItsBatch) {
  // Training, Model::score and ModelScorer cut events into different batches.
  for (const Index out : {5, 12, 64, 70}) {
    const Dense dense(64, out);
    const auto params = random_params(dense, static_cast<std::uint64_t>(out));
    const MatrixXf x = random_events(64, 1023, 1);
    MatrixXf all, one;
    dense.forward(params.data(), x, all);
    for (const Index e : {0, 5, 6, 500, 1022}) {
      dense.forward(params.data(), x.col(e), one);
      for (Index i = 0; i < out; ++i) ASSERT_EQ(one(i, 0), all(i, e)) << out << " rows, event " << e << ", row " << i;
    }
  }
}

TEST(DenseKernel, NoInputsGiveTheBias) {
  const Dense dense(0, 7);
  const auto params = random_params(dense, 1);
  MatrixXf y;
  dense.forward(params.data(), MatrixXf(0, 3), y);
  for (Index e = 0; e < 3; ++e)
    for (Index i = 0; i < 7; ++i) EXPECT_EQ(y(i, e), dense.bias(params.data())(i));
}

// Dense::backward's dW = dy x^T and dx = W^T dy against double-precision sums, with the same
// rounding bound as above (n or out terms); db is dy's row sums.
void expect_backward_near_exact(Index in, Index out, Index n) {
  SCOPED_TRACE(fmt::format("{} -> {}, {} events", in, out, n));
  const Dense dense(in, out);
  const auto params = random_params(dense, static_cast<std::uint64_t>(in * 1000 + out));
  const MatrixXf x = random_events(in, n, static_cast<std::uint64_t>(n));
  const MatrixXf dy = random_events(out, n, static_cast<std::uint64_t>(n + 7));
  std::vector<float> grads(static_cast<std::size_t>(dense.n_params()), -1.0f);
  MatrixXf dx;
  dense.backward(params.data(), x, MatrixXf(), dy, grads.data(), &dx);
  ASSERT_EQ(dx.rows(), in);
  ASSERT_EQ(dx.cols(), n);
  const auto W = dense.weight(params.data());
  const double u = std::numeric_limits<float>::epsilon() / 2;
  for (Index i = 0; i < out; ++i)
    for (Index j = 0; j < in; ++j) {
      double exact = 0, scale = 0;
      for (Index e = 0; e < n; ++e) {
        exact += static_cast<double>(dy(i, e)) * x(j, e);
        scale += std::abs(static_cast<double>(dy(i, e)) * x(j, e));
      }
      ASSERT_LE(std::abs(grads[static_cast<std::size_t>(i + j * out)] - exact), static_cast<double>(n) * u * scale)
          << "dW row " << i << ", column " << j;
    }
  for (Index e = 0; e < n; ++e)
    for (Index j = 0; j < in; ++j) {
      double exact = 0, scale = 0;
      for (Index i = 0; i < out; ++i) {
        exact += static_cast<double>(W(i, j)) * dy(i, e);
        scale += std::abs(static_cast<double>(W(i, j)) * dy(i, e));
      }
      ASSERT_LE(std::abs(dx(j, e) - exact), static_cast<double>(out) * u * scale) << "dx row " << j << ", event " << e;
    }
  for (Index i = 0; i < out; ++i)
    EXPECT_NEAR(grads[static_cast<std::size_t>(out * in + i)], dy.row(i).cast<double>().sum(),
                static_cast<double>(n) * u * dy.row(i).cwiseAbs().cast<double>().sum());
}

TEST(DenseKernel, BackwardMatchesDoublePrecisionOnTiledAndOddShapes) {
  for (const Index in : {1, 5, 12, 17, 64})
    for (const Index out : {1, 5, 16, 17, 33, 64})
      for (const Index n : {1, 6, 7, 25, 128}) expect_backward_near_exact(in, out, n);
}

TEST(DenseKernel, AnEventsInputGradientDoesNotDependOnItsBatch) {
  const Dense dense(64, 40);
  const auto params = random_params(dense, 3);
  const MatrixXf x = random_events(64, 200, 1);
  const MatrixXf dy = random_events(40, 200, 2);
  std::vector<float> grads(static_cast<std::size_t>(dense.n_params()));
  MatrixXf all, one;
  dense.backward(params.data(), x, MatrixXf(), dy, grads.data(), &all);
  for (const Index e : {0, 5, 6, 199}) {
    dense.backward(params.data(), x.col(e), MatrixXf(), dy.col(e), grads.data(), &one);
    for (Index j = 0; j < 64; ++j) ASSERT_EQ(one(j, 0), all(j, e)) << "event " << e << ", row " << j;
  }
}

}  // namespace
}  // namespace topae::nn
