#pragma once
// Adam (Kingma & Ba) and AdamW (Loshchilov & Hutter), as torch.optim.Adam / AdamW:
//   g += wd p                     (adam with weight decay)
//   p *= 1 - lr wd                (adamw)
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
#include "topae/nn/optimizer.hpp"

namespace topae::nn {

class Adam final : public Optimizer {
 public:
  Adam(const OptimizerSpec& spec, Index n_params, bool decoupled_weight_decay);
  void begin_step(double lr) override;
  void update(float* params, const float* grads, Index begin, Index end) override;
  // {"name": "adam" or "adamw", "steps": t, "m": [n_params], "v": [n_params]}
  nlohmann::json state() const override;
  void load_state(const nlohmann::json& state, const std::string& where) override;

 private:
  OptimizerSpec spec_;
  bool decoupled_;
  VectorXf m_;
  VectorXf v_;
  // This step's coefficients (begin_step).
  float lr_ = 0, step_size_ = 0, inv_sqrt_bc2_ = 0;
};

}  // namespace topae::nn
