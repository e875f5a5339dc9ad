#include "topae/nn/classifier.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <cmath>

#include "topae/core/error.hpp"
#include "topae/nn/autoencoder.hpp"

namespace topae::nn {

namespace {

std::vector<Index> layer_dims(const ClassifierSpec& spec) {
  std::vector<Index> dims{spec.input_dim};
  dims.insert(dims.end(), spec.hidden.begin(), spec.hidden.end());
  dims.push_back(1);
  return dims;
}

constexpr Index kChunk = 1024;  // events per chunk when evaluating

}  // namespace

void ClassifierSpec::validate() const {
  for (const auto w : layer_dims(*this))
    if (w < 1 || w > AutoencoderSpec::kMaxWidth)
      throw InputError(fmt::format("classifier layer widths must lie in [1, {}], got {}", AutoencoderSpec::kMaxWidth, w));
}

Classifier::Classifier(const ClassifierSpec& spec, std::uint64_t seed) {
  spec.validate();
  mlp_ = Mlp::build(layer_dims(spec), spec.activation);
  params_.resize(mlp_.n_params());
  mlp_.initialize(params_.data(), seed, 0);
}

double Classifier::loss_and_gradient(const MatrixXf& x, Index batch_size, Workspace& ws) const {
  const Index d = input_dim();
  ws.inputs = x.topRows(d);
  mlp_.forward(params_.data(), ws.inputs, ws.encoder_acts);
  const auto z = ws.encoder_acts.back().row(0);  // 1 x chunk
  const auto y = x.row(d);
  ws.d_reconstruction.resize(1, x.cols());
  double sum_loss = 0;
  for (Index i = 0; i < x.cols(); ++i) {
    sum_loss += binary_cross_entropy(z(i), y(i));
    // dl/dz = sigmoid(z) - y, of the batch mean: divided by B.
    const double p = 1.0 / (1.0 + std::exp(-static_cast<double>(z(i))));
    ws.d_reconstruction(0, i) = static_cast<float>((p - y(i)) / static_cast<double>(batch_size));
  }
  ws.grads.resize(n_params());
  mlp_.backward(params_.data(), ws.inputs, ws.encoder_acts, ws.d_reconstruction, ws.grads.data(), nullptr, ws.scratch);
  return sum_loss;
}

VectorXf Classifier::logits(const MatrixXf& x) const {
  const Index n = x.cols();
  VectorXf z(n);
  const Index n_chunks = (n + kChunk - 1) / kChunk;
  const int n_threads = static_cast<int>(std::min<Index>(omp_get_max_threads(), n_chunks));
#pragma omp parallel num_threads(n_threads) if (n_threads > 1)
  {
    std::vector<MatrixXf> acts;
    MatrixXf chunk;
#pragma omp for schedule(static)
    for (Index c = 0; c < n_chunks; ++c) {
      const Index begin = c * kChunk, count = std::min(kChunk, n - begin);
      chunk = x.middleCols(begin, count);
      mlp_.forward(params_.data(), chunk, acts);
      z.segment(begin, count) = acts.back().row(0).transpose();
    }
  }
  return z;
}

double Classifier::mean_loss(const MatrixXf& x) const {
  const Index d = input_dim();
  const VectorXf z = logits(x.topRows(d));
  double sum = 0;
  for (Index i = 0; i < x.cols(); ++i) sum += binary_cross_entropy(z(i), x(d, i));
  return sum / static_cast<double>(x.cols());
}

}  // namespace topae::nn
