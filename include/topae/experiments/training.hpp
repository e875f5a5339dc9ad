#pragma once
// What every experiment of the suite shares: how its autoencoders are trained, and training
// one model per seed in parallel threads.
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/nn/model.hpp"

namespace topae::experiments {

struct TrainingConfig {
  Index n = 4000;                       // training events
  int seeds = 1;                        // models per configuration: seeds first_seed, first_seed + 1, ...
  std::uint64_t first_seed = 1;
  int epochs = 400;
  std::vector<Index> hidden = {64, 64};
  nn::Activation activation = nn::Activation::tanh;
  double lr = 1e-3;
  Index batch = 128;
  int snapshot_every = 20;              // epochs between latent snapshots of the probe set
  int threads = 0;                      // parallel trainings (0: OpenMP's thread count)
  bool progress = true;

  std::vector<std::uint64_t> seed_list() const;
  // The autoencoder and trainer these settings give, for latent dimension k in a latent space
  // of the named geometry (nn/latent_geometry.hpp).
  nn::AutoencoderSpec autoencoder(Index k, const std::string& geometry = "euclidean") const;
  nn::TrainerSpec trainer(std::uint64_t seed) const;
  // Throws InputError on a bad setting or latent dimension, before anything is written.
  void validate(const std::vector<Index>& latents) const;
};
// JSON: the settings above but threads and progress (how, not what, is computed); "seeds"
// is the list of seeds.
void to_json(nlohmann::json& j, const TrainingConfig& t);
void from_json(const nlohmann::json& j, TrainingConfig& t);

// Trains one autoencoder with latent dimension k (of the named geometry) per seed on `columns`
// of `data`, each on one thread (so every model is the same whatever the machine), several
// seeds at a time. The probe set's latent codes are recorded every snapshot_every epochs.
// `bootstrap`: each on a bootstrap resample of `data` (nn/ensemble.hpp).
std::vector<nn::TrainResult> train_seeds(const data::Dataset& data, const std::vector<std::string>& columns, Index k,
                                         const TrainingConfig& config, const Table& probe = {},
                                         const std::string& geometry = "euclidean", bool bootstrap = false);

}  // namespace topae::experiments
