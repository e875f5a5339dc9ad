#include "topae/nn/schedule.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/nn/exact_json.hpp"

namespace topae::nn {

namespace {

class Constant final : public Schedule {
 public:
  explicit Constant(double lr) : lr_(lr) {}
  double lr(int) const override { return lr_; }

 private:
  double lr_;
};

// lr(t) = min + (base - min) (1 + cos(pi t / T)) / 2
class Cosine final : public Schedule {
 public:
  Cosine(double base, double min, int epochs) : base_(base), min_(min), epochs_(epochs) {}
  double lr(int epoch) const override {
    return min_ + (base_ - min_) * (1.0 + std::cos(std::numbers::pi * epoch / epochs_)) / 2.0;
  }

 private:
  double base_, min_;
  int epochs_;
};

class Step final : public Schedule {
 public:
  Step(double base, int step_size, double gamma) : base_(base), step_size_(step_size), gamma_(gamma) {}
  double lr(int epoch) const override { return base_ * std::pow(gamma_, epoch / step_size_); }

 private:
  double base_;
  int step_size_;
  double gamma_;
};

// Multiplies the rate by `factor` after `patience` epochs without a relative improvement of
// 1e-4 (ReduceLROnPlateau's defaults, mode 'min', threshold_mode 'rel').
class Plateau final : public Schedule {
 public:
  Plateau(double base, const ScheduleSpec& spec) : lr_(base), spec_(spec) {}
  double lr(int) const override { return lr_; }
  nlohmann::json state() const override {
    return {{"name", "plateau"}, {"lr", exact_json(lr_)}, {"best", exact_json(best_)}, {"bad_epochs", bad_epochs_}};
  }
  void load_state(const nlohmann::json& state, const std::string& where) override {
    if (!state.is_object() || member(state, "name") != "plateau")
      throw InputError(where + ": expected the state of a plateau schedule, found " + state.dump().substr(0, 80));
    const double lr = exact_double(member(state, "lr"), where + ": 'lr'");
    if (!(lr > 0 && std::isfinite(lr))) throw InputError(fmt::format("{}: 'lr' must be a positive number", where));
    const double best = exact_double(member(state, "best"), where + ": 'best'");
    // A count above `patience` would have decayed the rate and been reset.
    const auto bad = integer_in(state, "bad_epochs", 0, spec_.patience, where);
    lr_ = lr;
    best_ = best;
    bad_epochs_ = static_cast<int>(bad);
  }
  void observe(double loss) override {
    if (loss < best_ * (1.0 - 1e-4)) {
      best_ = loss;
      bad_epochs_ = 0;
    } else if (++bad_epochs_ > spec_.patience) {
      lr_ = std::max(lr_ * spec_.factor, spec_.min_lr);
      bad_epochs_ = 0;
    }
  }

 private:
  double lr_;
  ScheduleSpec spec_;
  double best_ = std::numeric_limits<double>::infinity();
  int bad_epochs_ = 0;
};

}  // namespace

nlohmann::json Schedule::state() const { return nullptr; }

void Schedule::load_state(const nlohmann::json& state, const std::string& where) {
  if (!state.is_null()) throw InputError(where + ": this schedule keeps no state, found " + state.dump().substr(0, 80));
}

void ScheduleSpec::validate() const {
  if (name != "constant" && name != "cosine" && name != "step" && name != "plateau")
    throw InputError("unknown schedule '" + name + "' (valid: constant, cosine, step, plateau)");
  if (!(min_lr >= 0)) throw InputError(fmt::format("min_lr must be >= 0, got {}", min_lr));
  if (step_size < 1) throw InputError(fmt::format("step size must be >= 1, got {}", step_size));
  if (!(gamma > 0 && gamma <= 1)) throw InputError(fmt::format("gamma must lie in (0, 1], got {}", gamma));
  if (!(factor > 0 && factor < 1)) throw InputError(fmt::format("plateau factor must lie in (0, 1), got {}", factor));
  if (patience < 0) throw InputError(fmt::format("patience must be >= 0, got {}", patience));
}

std::string ScheduleSpec::description() const {
  if (name == "cosine") return fmt::format("cosine(min_lr={})", min_lr);
  if (name == "step") return fmt::format("step(step_size={}, gamma={})", step_size, gamma);
  if (name == "plateau") return fmt::format("plateau(factor={}, patience={}, min_lr={})", factor, patience, min_lr);
  return name;
}

nlohmann::json ScheduleSpec::to_json() const {
  return {{"name", name},   {"min_lr", min_lr}, {"step_size", step_size},
          {"gamma", gamma}, {"factor", factor}, {"patience", patience}};
}

ScheduleSpec ScheduleSpec::from_json(const nlohmann::json& j) {
  ScheduleSpec s;
  s.name = j.value("name", s.name);
  s.min_lr = j.value("min_lr", s.min_lr);
  s.step_size = j.value("step_size", s.step_size);
  s.gamma = j.value("gamma", s.gamma);
  s.factor = j.value("factor", s.factor);
  s.patience = j.value("patience", s.patience);
  return s;
}

std::unique_ptr<Schedule> make_schedule(const ScheduleSpec& spec, double base_lr, int epochs) {
  spec.validate();
  if (spec.name == "cosine") return std::make_unique<Cosine>(base_lr, spec.min_lr, std::max(epochs, 1));
  if (spec.name == "step") return std::make_unique<Step>(base_lr, spec.step_size, spec.gamma);
  if (spec.name == "plateau") return std::make_unique<Plateau>(base_lr, spec);
  return std::make_unique<Constant>(base_lr);
}

}  // namespace topae::nn
