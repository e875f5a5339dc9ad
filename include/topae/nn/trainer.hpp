#pragma once
// Trainer: mini-batch training of a Network (an Autoencoder or a Classifier) on standardized data.
//
// TrainerSpec says how (a value, JSON round-trip); Trainer does the work. Each batch is
// split into `threads` contiguous chunks computed in parallel, and their gradients are added
// in a fixed order: the same seed and thread count give a bit-identical model.
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/nn/network.hpp"
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
  // The outcome a model file's training record holds (docs/model-format.md): epochs_run,
  // best_epoch, stopped_early, final losses, timing and loss_history; {} before any epoch.
  nlohmann::json to_json() const;
  // One row per epoch (epoch, train_loss, validation_loss, lr, seconds), numbers that read
  // back bit for bit (exact_json.hpp): a checkpoint's "history".
  nlohmann::json epochs_json() const;
};

// The number of events fit() holds out for validation from `n_events` (the rest train).
Index validation_size(Index n_events, double validation_fraction);

// Everything fit() carries from one epoch to the next, so that a run stopped after any epoch
// continues exactly as if it had not stopped: what a checkpoint holds besides the weights.
// The validation split and the order of the training events are not kept: both are drawn
// again from the seed (the order in epoch e is the shuffles of epochs 0..e applied in turn,
// each from its own stream (seed, epoch), so redrawing them is cheaper than the epochs were).
struct TrainingState {
  int epoch = 0;                   // epochs completed
  TrainingHistory history;         // one entry per epoch completed; best_epoch: of best_loss
  double best_loss = std::numeric_limits<double>::infinity();  // the best monitored loss
  int epochs_since_best = 0;       // early stopping's count
  VectorXf best_params;            // the weights of history.best_epoch; early stopping only
  nlohmann::json optimizer;        // Optimizer::state()
  nlohmann::json schedule;         // Schedule::state()

  // Stopped early, or all the epochs of `spec` run.
  bool finished(const TrainerSpec& spec) const { return history.stopped_early || epoch >= spec.epochs; }

  // docs/model-format.md, "Checkpoints"; floats and doubles read back bit for bit.
  nlohmann::json to_json() const;
  // Reads to_json()'s form for a run of `spec` on `n_events` events with `n_params`
  // parameters, checking every count and size against them before allocating (the optimizer
  // and schedule states are checked when the trainer loads them). Throws InputError starting
  // with `where`.
  static TrainingState from_json(const nlohmann::json& j, const TrainerSpec& spec, Index n_events, Index n_params,
                                 const std::string& where);
};

class Callback {
 public:
  virtual ~Callback() = default;
  virtual void on_train_begin(const Network& /*network*/, const TrainerSpec& /*spec*/) {}
  virtual void on_epoch_end(const Network& /*network*/, const EpochMetrics& /*m*/) {}
  virtual void on_train_end(const Network& /*network*/, const TrainingHistory& /*h*/) {}
};

class Trainer {
 public:
  Trainer(TrainerSpec spec, Network& network);
  void add_callback(Callback& callback) { callbacks_.push_back(&callback); }

  // x: input_dim x n_events, standardized. Splits off the validation set, trains, and with
  // early stopping restores the weights of the best validation epoch. Checks for Ctrl-C
  // (throw_if_interrupted) before every batch.
  TrainingHistory fit(const MatrixXf& x);
  // Continues the run that `from` (and the autoencoder's weights, those after from.epoch
  // epochs) describes, on the same x, to the end of this trainer's epochs: the result is
  // bit-identical to an uninterrupted fit(x). Throws InputError starting with `source` if the
  // state does not belong to this trainer and data (counts, optimizer, schedule).
  TrainingHistory fit(const MatrixXf& x, const TrainingState& from, const std::string& source);

  // The state after the epoch just completed (with the optimizer's and schedule's states),
  // for a callback's on_epoch_end: what a checkpoint saves.
  TrainingState state() const;
  // Whether the epoch just completed is the run's last (all epochs run, or stopped early).
  bool finished() const { return state_.finished(spec_); }
  const TrainerSpec& spec() const { return spec_; }

  // Mean per-event loss of x under the current weights (NaN for no events).
  double evaluate(const MatrixXf& x) const;

 private:
  TrainingHistory run(const MatrixXf& x, const TrainingState* from, const std::string& source);
  // One optimisation step on the events `idx` of `x`; returns their summed error.
  double step(const MatrixXf& x, const std::vector<Index>& idx, Index begin, Index count, double lr);

  TrainerSpec spec_;
  Network& net_;
  std::vector<Callback*> callbacks_;
  std::unique_ptr<Optimizer> optimizer_;
  std::unique_ptr<Schedule> schedule_;
  TrainingState state_;  // optimizer and schedule left empty: state() fills them
  std::vector<Workspace> workspaces_;   // one per thread
  std::vector<MatrixXf> chunks_;        // one per thread: the gathered events
  VectorXf grads_;
};

}  // namespace topae::nn
