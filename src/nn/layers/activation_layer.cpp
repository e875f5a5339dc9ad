#include "topae/nn/layers/activation_layer.hpp"

#include <nlohmann/json.hpp>

namespace topae::nn {

void ActivationLayer::forward(const float* /*params*/, const MatrixXf& x, MatrixXf& y) const {
  activation_forward(activation_, x, y);
}

void ActivationLayer::backward(const float* /*params*/, const MatrixXf& x, const MatrixXf& y, const MatrixXf& dy,
                               float* /*grads*/, MatrixXf* dx) const {
  if (dx) activation_backward(activation_, x, y, dy, *dx);
}

nlohmann::ordered_json ActivationLayer::to_json(const float* /*params*/) const {
  return nlohmann::ordered_json{{"type", "activation"}, {"name", activation_name(activation_)}};
}

}  // namespace topae::nn
