#pragma once
// Learning-rate schedules, evaluated once per epoch: constant, cosine (CosineAnnealingLR),
// step (StepLR) and plateau (ReduceLROnPlateau), with torch.optim.lr_scheduler's rules.
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace topae::nn {

struct ScheduleSpec {
  std::string name = "constant";  // constant | cosine | step | plateau
  double min_lr = 0.0;            // cosine: the final rate; plateau: the floor
  int step_size = 50;             // step: epochs between decays
  double gamma = 0.1;             // step: the decay factor
  double factor = 0.1;            // plateau: the decay factor
  int patience = 10;              // plateau: epochs without improvement before a decay

  void validate() const;
  std::string description() const;
  nlohmann::json to_json() const;
  static ScheduleSpec from_json(const nlohmann::json& j);
};

class Schedule {
 public:
  virtual ~Schedule() = default;
  // The learning rate for epoch `epoch` (0-based).
  virtual double lr(int epoch) const = 0;
  // Told the monitored loss (validation if any, else training) after each epoch.
  virtual void observe(double /*loss*/) {}

  // What the rates of later epochs depend on besides the epoch number, for checkpoints: null
  // for constant, cosine and step (functions of the epoch alone); plateau's current rate,
  // best loss and count of bad epochs, exactly (exact_json.hpp).
  virtual nlohmann::json state() const;
  // Restores what state() wrote; throws InputError starting with `where` if it does not fit.
  virtual void load_state(const nlohmann::json& state, const std::string& where);
};

std::unique_ptr<Schedule> make_schedule(const ScheduleSpec& spec, double base_lr, int epochs);

}  // namespace topae::nn
