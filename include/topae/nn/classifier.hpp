#pragma once
// Classifier: an Mlp from the inputs to one logit, trained with binary cross-entropy. What
// weakly supervised searches (CWoLa hunting, analysis/cwola.hpp) train: two samples told
// apart, the output a monotone function of their likelihood ratio.
//
// Loss per event with logit z and label y in {0, 1}: l = log(1 + e^z) - y z, the binary
// cross-entropy of sigmoid(z) (PyTorch's BCEWithLogitsLoss). The label rides as the last
// row of the training matrix (network.hpp); the training loss is the mean of l over the batch.
#include <algorithm>
#include <cmath>
#include <vector>

#include "topae/nn/activation.hpp"
#include "topae/nn/mlp.hpp"
#include "topae/nn/network.hpp"

namespace topae::nn {

struct ClassifierSpec {
  Index input_dim = 0;
  std::vector<Index> hidden = {32, 32};
  Activation activation = Activation::tanh;

  // Throws InputError if a width is not in [1, AutoencoderSpec::kMaxWidth].
  void validate() const;
};

class Classifier final : public Network {
 public:
  Classifier(const ClassifierSpec& spec, std::uint64_t seed);

  Index input_dim() const { return mlp_.in_dim(); }
  Index data_rows() const override { return input_dim() + 1; }  // the inputs, then the label
  VectorXf& params() override { return params_; }
  const VectorXf& params() const override { return params_; }
  double loss_and_gradient(const MatrixXf& x, Index batch_size, Workspace& ws) const override;
  double mean_loss(const MatrixXf& x) const override;

  // The logit z of every column of x (input_dim x n, no label row), on all threads.
  VectorXf logits(const MatrixXf& x) const;

 private:
  Mlp mlp_;
  VectorXf params_;
};

// Per-event binary cross-entropy log(1 + e^z) - y z, computed without overflow.
inline double binary_cross_entropy(double z, double y) {
  return std::max(z, 0.0) - y * z + std::log1p(std::exp(-std::abs(z)));
}

}  // namespace topae::nn
