#include "topae/nn/optimizer.hpp"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/nn/exact_json.hpp"
#include "topae/nn/optimizers/adam.hpp"
#include "topae/nn/optimizers/sgd.hpp"

namespace topae::nn {

double default_weight_decay(const std::string& optimizer) { return optimizer == "adamw" ? 0.01 : 0.0; }

double OptimizerSpec::resolved_weight_decay() const { return weight_decay.value_or(default_weight_decay(name)); }

void OptimizerSpec::validate() const {
  if (name != "adam" && name != "adamw" && name != "sgd")
    throw InputError("unknown optimizer '" + name + "' (valid: adam, adamw, sgd)");
  // The optimizers work in float: a value that overflows it would silently give inf weights.
  constexpr double kFloatMax = 3.4028234663852886e38;
  if (!(lr > 0 && lr <= kFloatMax)) throw InputError(fmt::format("learning rate must be a positive float, got {}", lr));
  if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
    throw InputError(fmt::format("Adam betas must lie in [0, 1), got {}, {}", beta1, beta2));
  if (!(eps > 0)) throw InputError(fmt::format("eps must be positive, got {}", eps));
  const double wd = resolved_weight_decay();
  if (!(wd >= 0 && wd <= kFloatMax)) throw InputError(fmt::format("weight decay must be a float >= 0, got {}", wd));
  if (!(momentum >= 0 && momentum < 1)) throw InputError(fmt::format("momentum must lie in [0, 1), got {}", momentum));
}

std::string OptimizerSpec::description() const {
  if (name == "sgd")
    return fmt::format("sgd(lr={}, momentum={}{}, weight_decay={})", lr, momentum, nesterov ? ", nesterov" : "",
                       resolved_weight_decay());
  return fmt::format("{}(lr={}, betas=({}, {}), eps={}, weight_decay={})", name, lr, beta1, beta2, eps,
                     resolved_weight_decay());
}

nlohmann::json OptimizerSpec::to_json() const {
  return {{"name", name},   {"lr", lr},
          {"beta1", beta1}, {"beta2", beta2},
          {"eps", eps},     {"weight_decay", resolved_weight_decay()},
          {"momentum", momentum}, {"nesterov", nesterov}};
}

OptimizerSpec OptimizerSpec::from_json(const nlohmann::json& j) {
  OptimizerSpec s;
  s.name = j.value("name", s.name);
  s.lr = j.value("lr", s.lr);
  s.beta1 = j.value("beta1", s.beta1);
  s.beta2 = j.value("beta2", s.beta2);
  s.eps = j.value("eps", s.eps);
  if (j.contains("weight_decay")) s.weight_decay = j["weight_decay"].get<double>();
  s.momentum = j.value("momentum", s.momentum);
  s.nesterov = j.value("nesterov", s.nesterov);
  return s;
}

std::int64_t Optimizer::read_steps(const nlohmann::json& state, const std::string& name, const std::string& where) {
  if (!state.is_object() || !state.contains("name") || !state["name"].is_string())
    throw InputError(where + ": expected an object with the optimizer's 'name'");
  if (state["name"] != name)
    throw InputError(
        fmt::format("{}: state of optimizer '{}', not '{}'", where, state["name"].get<std::string>(), name));
  return integer_in(state, "steps", 0, std::numeric_limits<std::int64_t>::max(), where);
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec, Index n_params) {
  spec.validate();
  if (spec.name == "sgd") return std::make_unique<Sgd>(spec, n_params);
  return std::make_unique<Adam>(spec, n_params, spec.name == "adamw");
}

}  // namespace topae::nn
