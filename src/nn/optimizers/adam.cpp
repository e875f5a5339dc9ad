#include "topae/nn/optimizers/adam.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "topae/nn/exact_json.hpp"

namespace topae::nn {

Adam::Adam(const OptimizerSpec& spec, Index n_params, bool decoupled_weight_decay)
    : spec_(spec), decoupled_(decoupled_weight_decay), m_(VectorXf::Zero(n_params)), v_(VectorXf::Zero(n_params)) {}

void Adam::step(VectorXf& params, const VectorXf& grads, double lr) {
  ++steps_;
  const auto t = static_cast<double>(steps_);
  const auto b1 = static_cast<float>(spec_.beta1);
  const auto b2 = static_cast<float>(spec_.beta2);
  const auto wd = static_cast<float>(spec_.resolved_weight_decay());
  const auto step_size = static_cast<float>(lr / (1.0 - std::pow(spec_.beta1, t)));
  const auto inv_sqrt_bc2 = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(spec_.beta2, t)));
  const auto eps = static_cast<float>(spec_.eps);

  auto p = params.array();
  if (decoupled_ && wd != 0.0f) p *= 1.0f - static_cast<float>(lr) * wd;
  if (!decoupled_ && wd != 0.0f) {
    m_.array() = b1 * m_.array() + (1.0f - b1) * (grads.array() + wd * p);
    v_.array() = b2 * v_.array() + (1.0f - b2) * (grads.array() + wd * p).square();
  } else {
    m_.array() = b1 * m_.array() + (1.0f - b1) * grads.array();
    v_.array() = b2 * v_.array() + (1.0f - b2) * grads.array().square();
  }
  p -= step_size * m_.array() / (v_.array().sqrt() * inv_sqrt_bc2 + eps);
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
