#pragma once
// Training callbacks: a progress bar, latent snapshots of a probe set (how "the latent space
// during training" is recorded), and periodic checkpoints of the training state.
#include <functional>

#include "topae/core/progress.hpp"
#include "topae/nn/autoencoder.hpp"
#include "topae/nn/trainer.hpp"

namespace topae::nn {

// Epochs done, samples/s and ETA on a terminal; silent otherwise or when disabled. A run
// resumed after `resumed_at` epochs counts (and times) the epochs it runs itself.
class ProgressCallback final : public Callback {
 public:
  explicit ProgressCallback(bool enabled, int resumed_at = 0) : enabled_(enabled), resumed_at_(resumed_at) {}
  void on_train_begin(const Network& network, const TrainerSpec& spec) override;
  void on_epoch_end(const Network& network, const EpochMetrics& m) override;
  void on_train_end(const Network& network, const TrainingHistory& h) override;

 private:
  bool enabled_;
  int resumed_at_;
  std::unique_ptr<ProgressBar> bar_;
};

struct LatentSnapshot {
  int epoch;        // 0: before training
  MatrixXf latent;  // k x n_probe
};

// Records the latent codes of a fixed probe set under `ae` (the network being trained) before
// training and every `every` epochs (and after the last epoch).
class LatentSnapshots final : public Callback {
 public:
  LatentSnapshots(const Autoencoder& ae, MatrixXf probe, int every);  // probe: standardized, input_dim x n_probe
  void on_train_begin(const Network& network, const TrainerSpec& spec) override;
  void on_epoch_end(const Network& network, const EpochMetrics& m) override;
  void on_train_end(const Network& network, const TrainingHistory& h) override;
  const std::vector<LatentSnapshot>& snapshots() const { return snapshots_; }

 private:
  void record(int epoch);
  const Autoencoder& ae_;
  MatrixXf probe_;
  int every_;
  std::vector<LatentSnapshot> snapshots_;
};

// Calls `save(state)` with the trainer's state every `every` epochs and after the run's last
// epoch, for example to write a checkpoint (checkpoint.hpp).
class Checkpoints final : public Callback {
 public:
  Checkpoints(const Trainer& trainer, std::function<void(const TrainingState&)> save, int every)
      : trainer_(trainer), save_(std::move(save)), every_(every) {}
  void on_epoch_end(const Network&, const EpochMetrics& m) override {
    if (every_ > 0 && (m.epoch % every_ == 0 || trainer_.finished())) save_(trainer_.state());
  }

 private:
  const Trainer& trainer_;
  std::function<void(const TrainingState&)> save_;
  int every_;
};

// Calls `after(metrics)` after every epoch.
class EpochHook final : public Callback {
 public:
  explicit EpochHook(std::function<void(const EpochMetrics&)> after) : after_(std::move(after)) {}
  void on_epoch_end(const Network&, const EpochMetrics& m) override { after_(m); }

 private:
  std::function<void(const EpochMetrics&)> after_;
};

}  // namespace topae::nn
