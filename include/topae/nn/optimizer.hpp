#pragma once
// Optimizers over one flat parameter vector, with PyTorch's update rules (torch.optim.Adam,
// AdamW, SGD), so that a step can be checked against PyTorch and by hand.
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "topae/core/matrix.hpp"

namespace topae::nn {

// The weight decay an optimizer has unless told otherwise: 0.01 for adamw, 0 for adam and sgd
// (torch.optim's defaults). The one place this default lives: the CLI and the library both
// leave OptimizerSpec::weight_decay unset to get it.
double default_weight_decay(const std::string& optimizer);

struct OptimizerSpec {
  std::string name = "adam";  // adam | adamw | sgd
  double lr = 1e-3;
  double beta1 = 0.9;          // adam, adamw
  double beta2 = 0.999;        // adam, adamw
  double eps = 1e-8;           // adam, adamw
  // adam, sgd: L2 added to the gradient; adamw: decoupled. Unset: default_weight_decay(name).
  std::optional<double> weight_decay;
  double momentum = 0.9;       // sgd
  bool nesterov = false;       // sgd

  // The weight decay in force: weight_decay, or the optimizer's default.
  double resolved_weight_decay() const;
  // Throws InputError on an unknown name or a value out of range.
  void validate() const;
  std::string description() const;
  // Writes the resolved weight decay, so a model file says what was used.
  nlohmann::json to_json() const;
  static OptimizerSpec from_json(const nlohmann::json& j);
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // One update of `params` from `grads` at learning rate `lr` (the schedule's current value).
  void step(VectorXf& params, const VectorXf& grads, double lr) {
    begin_step(lr);
    update(params.data(), grads.data(), 0, params.size());
  }
  // The same in parts, for several threads: begin_step once, then update() on ranges
  // [begin, end) of the parameters that together cover each once, from any threads at once.
  // Every parameter's update depends on that parameter alone, so the split does not change
  // the numbers.
  virtual void begin_step(double lr) = 0;
  virtual void update(float* params, const float* grads, Index begin, Index end) = 0;
  std::int64_t steps() const { return steps_; }

  // Everything later steps depend on: the optimizer's name, the step count and the moment
  // buffers, with floats that read back bit for bit (exact_json.hpp). A checkpoint holds it.
  virtual nlohmann::json state() const = 0;
  // Restores what state() wrote. Throws InputError starting with `where` if it belongs to
  // another optimizer or another number of parameters; checks every size before allocating.
  virtual void load_state(const nlohmann::json& state, const std::string& where) = 0;

 protected:
  // For load_state: checks that `state` is an object of optimizer `name`; returns its step count.
  static std::int64_t read_steps(const nlohmann::json& state, const std::string& name, const std::string& where);

  std::int64_t steps_ = 0;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec, Index n_params);

}  // namespace topae::nn
