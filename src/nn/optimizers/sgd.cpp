#include "topae/nn/optimizers/sgd.hpp"

#include <nlohmann/json.hpp>

#include "topae/nn/exact_json.hpp"

namespace topae::nn {

Sgd::Sgd(const OptimizerSpec& spec, Index n_params) : spec_(spec), buf_(VectorXf::Zero(n_params)) {}

void Sgd::step(VectorXf& params, const VectorXf& grads, double lr) {
  const auto wd = static_cast<float>(spec_.resolved_weight_decay());
  const auto mu = static_cast<float>(spec_.momentum);
  g_ = grads;
  if (wd != 0.0f) g_ += wd * params;
  if (mu != 0.0f) {
    buf_ = steps_ == 0 ? g_ : VectorXf(mu * buf_ + g_);
    if (spec_.nesterov)
      g_ += mu * buf_;
    else
      g_ = buf_;
  }
  params -= static_cast<float>(lr) * g_;
  ++steps_;
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
