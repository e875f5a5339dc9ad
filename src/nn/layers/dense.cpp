#include "topae/nn/layers/dense.hpp"

#include <cmath>
#include <vector>
#include <nlohmann/json.hpp>

#include "dense_kernel.hpp"

namespace topae::nn {

void Dense::forward(const float* params, const MatrixXf& x, MatrixXf& y) const {
  // The register-tiled kernel, for every batch size: training, Model::score and ModelScorer
  // compute each event's numbers the same way.
  eigen_assert(x.rows() == in_);
  y.resize(out_, x.cols());
  dense_forward(params, params + out_ * in_, out_, in_, x.data(), x.cols(), y.data());
}

void Dense::backward(const float* params, const MatrixXf& x, const MatrixXf& /*y*/, const MatrixXf& dy, float* grads,
                     MatrixXf* dx) const {
  // forward's register-tiled kernel: on these small shapes Eigen's GEMM spends much of its
  // time packing (dense_kernel.cpp).
  dense_weight_gradient(dy.data(), out_, x.data(), in_, dy.cols(), grads);
  // db: dy's columns added in order, whole columns at a time (dy is column-major; a row-wise
  // sum would walk it with a stride).
  Eigen::Map<VectorXf> db(grads + out_ * in_, out_);
  db.setZero();
  for (Index e = 0; e < dy.cols(); ++e) db += dy.col(e);
  if (dx) {
    dx->resize(in_, dy.cols());
    // W^T made here, by each thread for its chunk: sharing one copy between the threads of a
    // batch was slower (measured), the copy then travelling between the cores' caches.
    thread_local std::vector<float> transposed;
    transposed.resize(static_cast<std::size_t>(dense_transposed_size(out_, in_)));
    dense_transpose(params, out_, in_, transposed.data());
    dense_backward_input(transposed.data(), out_, in_, dy.data(), dy.cols(), dx->data());
  }
}

void Dense::initialize(float* params, RandomStream& rng) const {
  Eigen::Map<MatrixXf> W(params, out_, in_);
  const auto fan_in = static_cast<double>(in_);
  const auto fan_out = static_cast<double>(out_);
  switch (init_) {
    case Init::glorot_uniform: {
      const double limit = std::sqrt(6.0 / (fan_in + fan_out));
      for (Index i = 0; i < W.size(); ++i) W.data()[i] = static_cast<float>(limit * (2.0 * rng.uniform() - 1.0));
      break;
    }
    case Init::he_normal:
    case Init::lecun_normal: {
      const double sd = std::sqrt((init_ == Init::he_normal ? 2.0 : 1.0) / fan_in);
      for (Index i = 0; i < W.size(); ++i) W.data()[i] = static_cast<float>(sd * rng.normal());
      break;
    }
  }
  // Biases as torch.nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). Zero biases leave the
  // circle's autoencoders stuck at the PCA saddle far more often.
  Eigen::Map<VectorXf> b(params + out_ * in_, out_);
  const double bound = 1.0 / std::sqrt(fan_in);
  for (Index i = 0; i < out_; ++i) b[i] = static_cast<float>(bound * (2.0 * rng.uniform() - 1.0));
}

nlohmann::ordered_json Dense::to_json(const float* params) const {
  const auto W = weight(params);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (Index i = 0; i < out_; ++i) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array();
    for (Index j = 0; j < in_; ++j) row.push_back(static_cast<double>(W(i, j)));
    rows.push_back(std::move(row));
  }
  const auto b = bias(params);
  return nlohmann::ordered_json{{"type", "dense"},
          {"in", in_},
          {"out", out_},
          {"weight", std::move(rows)},
          {"bias", std::vector<double>(b.data(), b.data() + b.size())}};
}

}  // namespace topae::nn
