#include "topae/nn/optimizers/adam.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "topae/nn/exact_json.hpp"

namespace topae::nn {

Adam::Adam(const OptimizerSpec& spec, Index n_params, bool decoupled_weight_decay)
    : spec_(spec), decoupled_(decoupled_weight_decay), m_(VectorXf::Zero(n_params)), v_(VectorXf::Zero(n_params)) {}

void Adam::begin_step(double lr) {
  ++steps_;
  const auto t = static_cast<double>(steps_);
  lr_ = static_cast<float>(lr);
  step_size_ = static_cast<float>(lr / (1.0 - std::pow(spec_.beta1, t)));
  inv_sqrt_bc2_ = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(spec_.beta2, t)));
}

void Adam::update(float* params, const float* grads, Index begin, Index end) {
  const auto b1 = static_cast<float>(spec_.beta1);
  const auto b2 = static_cast<float>(spec_.beta2);
  const auto wd = static_cast<float>(spec_.resolved_weight_decay());
  const auto eps = static_cast<float>(spec_.eps);
  const float coupled = decoupled_ ? 0.0f : wd;             // adam: g += wd p
  const float shrink = decoupled_ ? 1.0f - lr_ * wd : 1.0f;  // adamw: p *= 1 - lr wd
  float* m = m_.data();
  float* v = v_.data();
  // One pass, every parameter on its own: GCC vectorizes it (sqrt and division included).
  for (Index i = begin; i < end; ++i) {
    const float g = grads[i] + coupled * params[i];
    m[i] = b1 * m[i] + (1.0f - b1) * g;
    v[i] = b2 * v[i] + (1.0f - b2) * (g * g);
    params[i] = params[i] * shrink - step_size_ * m[i] / (std::sqrt(v[i]) * inv_sqrt_bc2_ + eps);
  }
}

nlohmann::json Adam::state() const {
  return {{"name", spec_.name}, {"steps", steps_}, {"m", exact_json(m_)}, {"v", exact_json(v_)}};
}

void Adam::load_state(const nlohmann::json& state, const std::string& where) {
  const auto steps = read_steps(state, spec_.name, where);
  VectorXf m = exact_floats(member(state, "m"), m_.size(), where + ": 'm'");
  VectorXf v = exact_floats(member(state, "v"), v_.size(), where + ": 'v'");
  steps_ = steps;
  m_ = std::move(m);
  v_ = std::move(v);
}

}  // namespace topae::nn
