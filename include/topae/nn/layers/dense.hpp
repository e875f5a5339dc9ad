#pragma once
// Dense (fully connected) layer: y = W x + b, W stored out x in as in torch.nn.Linear.
#include "topae/nn/activation.hpp"
#include "topae/nn/layer.hpp"

namespace topae::nn {

class Dense final : public Layer {
 public:
  // `init` chooses the weight distribution for the activation that follows; biases start at 0.
  Dense(Index in, Index out, Init init = Init::glorot_uniform) : in_(in), out_(out), init_(init) {}

  std::string type() const override { return "dense"; }
  Index in_dim() const override { return in_; }
  Index out_dim() const override { return out_; }
  Index n_params() const override { return out_ * in_ + out_; }

  void forward(const float* params, const MatrixXf& x, MatrixXf& y) const override;
  void backward(const float* params, const MatrixXf& x, const MatrixXf& y, const MatrixXf& dy, float* grads,
                MatrixXf* dx) const override;
  void initialize(float* params, RandomStream& rng) const override;
  nlohmann::ordered_json to_json(const float* params) const override;

  // Views of the parameter slice: W (out x in, column-major) then b (out).
  Eigen::Map<const MatrixXf> weight(const float* params) const { return {params, out_, in_}; }
  Eigen::Map<const VectorXf> bias(const float* params) const { return {params + out_ * in_, out_}; }

 private:
  Index in_;
  Index out_;
  Init init_;
};

}  // namespace topae::nn
