#pragma once
// Model: what `topae train` writes and `topae score` reads. The input columns, the
// standardizer fitted on the training data, the autoencoder, and a record of the training.
// The file format (docs/model-format.md) is an interchange format: PyTorch, Keras and
// hls4ml converters read it.
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/data/standardizer.hpp"
#include "topae/nn/autoencoder.hpp"
#include "topae/nn/callbacks.hpp"
#include "topae/nn/trainer.hpp"

namespace topae::nn {

// Per-event results of a model on a table of raw features (n_events rows).
struct Scores {
  Eigen::VectorXd error;          // squared L2 distance in standardized units (the loss)
  Eigen::VectorXd distance;       // L2 distance |x - r| in raw units
  Table latent;                   // n_events x k
  Table reconstruction;           // n_events x input_dim, raw units
};

struct Model {
  std::vector<std::string> columns;
  data::Standardizer standardizer;
  Autoencoder autoencoder;
  nlohmann::json training;  // resolved configuration, seed, epochs run, losses, version

  // features: n_events x columns.size(), raw units, in the order of `columns`.
  Scores score(const Eigen::Ref<const Table>& features) const;

  // Keys in a fixed order, format and version first, so a file reads top-down.
  nlohmann::ordered_json to_json() const;
  // Throws InputError starting with `source` on a malformed model.
  static Model from_json(const nlohmann::json& j, const std::string& source);
};

void save_model(const Model& model, const std::filesystem::path& path);  // atomic
Model load_model(const std::filesystem::path& path);

struct TrainOptions {
  std::string source = "training data";  // the data's file name, for error messages
  bool progress = true;        // a progress bar on a terminal
  int snapshot_every = 0;      // epochs between latent snapshots of the probe set; 0: none
  Table probe;                 // raw features of the probe events (n_probe x columns)
  // A checkpoint (checkpoint.hpp) rewritten every checkpoint_every epochs and after the last.
  std::filesystem::path checkpoint;
  int checkpoint_every = 0;
  // A checkpoint to continue: the data and settings must be the run's that wrote it
  // (check_resume), and the result is bit-identical to the uninterrupted run's. May be the
  // same file as `checkpoint`. Latent snapshots are not kept in checkpoints: not with
  // snapshot_every.
  std::filesystem::path resume;
  // Called after every epoch with its metrics, on the training thread: lets a caller count
  // the epochs of several trainings running in parallel, or follow the losses.
  std::function<void(const EpochMetrics&)> on_epoch;
};

struct TrainResult {
  Model model;
  TrainingHistory history;
  std::vector<LatentSnapshot> snapshots;
  int resumed_at = 0;  // the epoch the run was resumed at (0: trained from the start)
};

// Fits the standardizer on `columns` of `data`, builds the autoencoder of `spec` (its
// input_dim is set from the columns) and trains it, or continues options.resume.
TrainResult train_model(const data::Dataset& data, const std::vector<std::string>& columns, AutoencoderSpec spec,
                        const TrainerSpec& trainer, const TrainOptions& options = {});
// The same on a table of just the `columns` (n_events x columns.size(), raw units): a view of
// the caller's memory, such as a numpy array, that is not copied before it is standardized.
TrainResult train_model(const Eigen::Ref<const Table>& features, const std::vector<std::string>& columns,
                        AutoencoderSpec spec, const TrainerSpec& trainer, const TrainOptions& options = {});
// The same, releasing the table once it is standardized, so that the epochs hold the floats
// (4 bytes a value) and not the doubles as well (8 more).
TrainResult train_model(data::Dataset&& data, const std::vector<std::string>& columns, AutoencoderSpec spec,
                        const TrainerSpec& trainer, const TrainOptions& options = {});

}  // namespace topae::nn
