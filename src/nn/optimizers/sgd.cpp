#include "topae/nn/optimizers/sgd.hpp"

#include <nlohmann/json.hpp>

#include "topae/nn/exact_json.hpp"

namespace topae::nn {

Sgd::Sgd(const OptimizerSpec& spec, Index n_params) : spec_(spec), buf_(VectorXf::Zero(n_params)) {}

void Sgd::begin_step(double lr) {
  first_ = steps_ == 0;
  ++steps_;
  lr_ = static_cast<float>(lr);
}

void Sgd::update(float* params, const float* grads, Index begin, Index end) {
  const auto wd = static_cast<float>(spec_.resolved_weight_decay());
  const auto mu = static_cast<float>(spec_.momentum);
  float* buf = buf_.data();
  for (Index i = begin; i < end; ++i) {
    float g = grads[i] + wd * params[i];
    if (mu != 0.0f) {
      buf[i] = first_ ? g : mu * buf[i] + g;
      g = spec_.nesterov ? g + mu * buf[i] : buf[i];
    }
    params[i] -= lr_ * g;
  }
}

nlohmann::json Sgd::state() const {
  return {{"name", "sgd"}, {"steps", steps_}, {"momentum_buffer", exact_json(buf_)}};
}

void Sgd::load_state(const nlohmann::json& state, const std::string& where) {
  const auto steps = read_steps(state, "sgd", where);
  buf_ = exact_floats(member(state, "momentum_buffer"), buf_.size(), where + ": 'momentum_buffer'");
  steps_ = steps;
}

}  // namespace topae::nn
