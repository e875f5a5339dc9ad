#pragma once
// Trainer: mini-batch training of an Autoencoder on standardized data.
//
// TrainerSpec says how (a value, JSON round-trip); Trainer does the work. Each batch is
// split into `threads` contiguous chunks computed in parallel, and their gradients are added
// in a fixed order: the same seed and thread count give a bit-identical model.
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "topae/nn/autoencoder.hpp"
#include "topae/nn/optimizer.hpp"
#include "topae/nn/schedule.hpp"

namespace topae::nn {

struct TrainerSpec {
  int epochs = 200;
  Index batch = 128;
  double validation_fraction = 0.1;  // held out from training, drawn with the seed
  int early_stopping = 0;            // patience in epochs on the validation loss; 0: off
  double clip_norm = 0.0;            // clip the gradient's global L2 norm; 0: off
  std::uint64_t seed = 1;            // initialisation, split and shuffling
  int threads = 1;                   // chunks per batch, one per thread
  OptimizerSpec optimizer;
  ScheduleSpec schedule;

  void validate() const;
  std::string description() const;
  nlohmann::json to_json() const;
  static TrainerSpec from_json(const nlohmann::json& j);
};

struct EpochMetrics {
  int epoch = 0;                 // 1-based
  double train_loss = 0;         // mean per-event error over the epoch's batches
  double validation_loss = 0;    // NaN without a validation set
  double lr = 0;
  double seconds = 0;            // wall time of the epoch
};

struct TrainingHistory {
  std::vector<EpochMetrics> epochs;
  int best_epoch = 0;            // the epoch whose weights were kept
  bool stopped_early = false;
  double train_seconds = 0;      // time in the batch loop only
  Index samples_seen = 0;
  double samples_per_second() const { return train_seconds > 0 ? samples_seen / train_seconds : 0; }
  nlohmann::json to_json() const;
};

class Callback {
 public:
  virtual ~Callback() = default;
  virtual void on_train_begin(const Autoencoder& /*ae*/, const TrainerSpec& /*spec*/) {}
  virtual void on_epoch_end(const Autoencoder& /*ae*/, const EpochMetrics& /*m*/) {}
  virtual void on_train_end(const Autoencoder& /*ae*/, const TrainingHistory& /*h*/) {}
};

class Trainer {
 public:
  Trainer(TrainerSpec spec, Autoencoder& autoencoder);
  void add_callback(Callback& callback) { callbacks_.push_back(&callback); }

  // x: input_dim x n_events, standardized. Splits off the validation set, trains, and with
  // early stopping restores the weights of the best validation epoch.
  TrainingHistory fit(const MatrixXf& x);

  // Mean per-event error of x under the current weights.
  double evaluate(const MatrixXf& x) const;

 private:
  // One optimisation step on the events `idx` of `x`; returns their summed error.
  double step(const MatrixXf& x, const std::vector<Index>& idx, Index begin, Index count, double lr);

  TrainerSpec spec_;
  Autoencoder& ae_;
  std::vector<Callback*> callbacks_;
  std::unique_ptr<Optimizer> optimizer_;
  std::vector<Workspace> workspaces_;   // one per thread
  std::vector<MatrixXf> chunks_;        // one per thread: the gathered events
  VectorXf grads_;
};

}  // namespace topae::nn
