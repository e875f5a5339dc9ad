#pragma once
// SGD with momentum, as torch.optim.SGD (dampening 0):
//   g += wd p;  buf = momentum buf + g  (buf = g at the first step)
//   p -= lr (nesterov ? g + momentum buf : buf)
#include "topae/nn/optimizer.hpp"

namespace topae::nn {

class Sgd final : public Optimizer {
 public:
  Sgd(const OptimizerSpec& spec, Index n_params);
  void begin_step(double lr) override;
  void update(float* params, const float* grads, Index begin, Index end) override;
  // {"name": "sgd", "steps": t, "momentum_buffer": [n_params]}
  nlohmann::json state() const override;
  void load_state(const nlohmann::json& state, const std::string& where) override;

 private:
  OptimizerSpec spec_;
  VectorXf buf_;
  float lr_ = 0;
  bool first_ = true;  // this step is the first: the buffer starts as the gradient
};

}  // namespace topae::nn
