#pragma once
// Checkpoint: a model file (docs/model-format.md) with a "checkpoint" section holding the
// training state, so that `topae score` reads it as any model and `topae train --resume`
// continues the run exactly where it stopped.
//
// The weights of a checkpoint are those after its last epoch (with early stopping, the best
// weights are in the state); its "training" record holds the run's configuration. The data
// are named by a fingerprint, so that a resume on other data is refused.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/nn/model.hpp"

namespace topae::nn {

struct DataFingerprint {
  Index n_events = 0;
  std::vector<std::string> columns;
  std::string hash;  // "fnv1a64:" + 16 hex digits: FNV-1a over the values' bits, row by row

  // features: n_events x columns.size(), raw units, as training reads them.
  static DataFingerprint of(const Eigen::Ref<const Table>& features, const std::vector<std::string>& columns);
  nlohmann::json to_json() const;
  static DataFingerprint from_json(const nlohmann::json& j, const std::string& where);
};

struct Checkpoint {
  Model model;  // the weights after state.epoch epochs
  AutoencoderSpec autoencoder;  // the run's settings, from the model's training record
  TrainerSpec trainer;
  DataFingerprint data;
  TrainingState state;
};

// Atomic, like save_model.
void save_checkpoint(const Model& model, const DataFingerprint& data, const TrainingState& state,
                     const std::filesystem::path& path);
// Reads a checkpoint and checks it against itself: its network, its training record, the
// counts and sizes of its state. Throws InputError naming `path`.
Checkpoint load_checkpoint(const std::filesystem::path& path);

// Checks that resuming `checkpoint` (read from `path`) on these data with these settings
// continues the same run, and throws InputError naming `path` and the first setting that
// differs. Every setting must equal the checkpoint's but the number of epochs, which may
// differ when the run is not stopped early, has not already run more epochs, and its
// learning rate does not depend on the total (any schedule but cosine). `fresh` is the
// network the settings build.
void check_resume(const Checkpoint& checkpoint, const std::filesystem::path& path, const DataFingerprint& data,
                  const data::Standardizer& standardizer, const AutoencoderSpec& spec, const TrainerSpec& trainer,
                  const Autoencoder& fresh);

}  // namespace topae::nn
