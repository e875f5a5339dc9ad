#pragma once
// A parameter-free layer applying an activation element-wise.
#include "topae/nn/activation.hpp"
#include "topae/nn/layer.hpp"

namespace topae::nn {

class ActivationLayer final : public Layer {
 public:
  ActivationLayer(Activation a, Index dim) : activation_(a), dim_(dim) {}

  std::string type() const override { return "activation"; }
  Index in_dim() const override { return dim_; }
  Index out_dim() const override { return dim_; }
  Activation activation() const { return activation_; }

  void forward(const float* params, const MatrixXf& x, MatrixXf& y) const override;
  void backward(const float* params, const MatrixXf& x, const MatrixXf& y, const MatrixXf& dy, float* grads,
                MatrixXf* dx) const override;
  nlohmann::ordered_json to_json(const float* params) const override;

 private:
  Activation activation_;
  Index dim_;
};

}  // namespace topae::nn
