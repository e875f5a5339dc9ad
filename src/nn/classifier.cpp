#include "topae/nn/classifier.hpp"

#include <fmt/format.h>

#include <cmath>

#include "topae/core/error.hpp"
#include "topae/nn/autoencoder.hpp"
#include "chunks.hpp"

namespace topae::nn {

void ClassifierSpec::validate() const {
  for (const auto w : Mlp::widths(input_dim, hidden, 1))
    if (w < 1 || w > AutoencoderSpec::kMaxWidth)
      throw InputError(fmt::format("classifier layer widths must lie in [1, {}], got {}", AutoencoderSpec::kMaxWidth, w));
}

Classifier::Classifier(const ClassifierSpec& spec, std::uint64_t seed) {
  spec.validate();
  mlp_ = Mlp::build(Mlp::widths(spec.input_dim, spec.hidden, 1), spec.activation);
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
  VectorXf z(x.cols());
  for_each_chunk<std::vector<MatrixXf>>(x, [&](const MatrixXf& chunk, Index begin, std::vector<MatrixXf>& acts) {
    mlp_.forward(params_.data(), chunk, acts);
    z.segment(begin, chunk.cols()) = acts.back().row(0).transpose();
  });
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
