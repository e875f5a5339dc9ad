#include "topae/experiments/training.hpp"

#include <omp.h>

#include <fmt/format.h>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/progress.hpp"
#include "topae/nn/ensemble.hpp"

namespace topae::experiments {

std::vector<std::uint64_t> TrainingConfig::seed_list() const {
  std::vector<std::uint64_t> list;
  for (int i = 0; i < seeds; ++i) list.push_back(first_seed + static_cast<std::uint64_t>(i));
  return list;
}

nn::AutoencoderSpec TrainingConfig::autoencoder(Index k, const std::string& geometry) const {
  nn::AutoencoderSpec spec;
  spec.input_dim = 1;  // set from the data by train_model
  spec.latent_dim = k;
  spec.latent_geometry = geometry;
  spec.hidden = hidden;
  spec.activation = activation;
  return spec;
}

nn::TrainerSpec TrainingConfig::trainer(std::uint64_t seed) const {
  nn::TrainerSpec trainer;
  trainer.epochs = epochs;
  trainer.batch = batch;
  trainer.optimizer.lr = lr;
  trainer.seed = seed;
  trainer.threads = 1;  // one thread per model: the same model on any machine
  return trainer;
}

void TrainingConfig::validate(const std::vector<Index>& latents) const {
  checks::check_flag_at_least("--n", n, 1);
  checks::check_flag_at_least("--seeds", seeds, 1);
  if (snapshot_every < 0) throw InputError(fmt::format("--snapshot-every must be >= 0, got {}", snapshot_every));
  if (latents.empty()) throw InputError("no latent dimension given");
  for (const Index k : latents) autoencoder(k).validate();
  trainer(first_seed).validate();
}

void to_json(nlohmann::json& j, const TrainingConfig& t) {
  j = {{"n", t.n},
       {"seeds", t.seed_list()},
       {"epochs", t.epochs},
       {"hidden", t.hidden},
       {"activation", nn::activation_name(t.activation)},
       {"lr", t.lr},
       {"batch", t.batch},
       {"snapshot_every", t.snapshot_every}};
}

void from_json(const nlohmann::json& j, TrainingConfig& t) {
  const auto seeds = j.at("seeds").get<std::vector<std::uint64_t>>();
  if (seeds.empty()) throw nlohmann::json::other_error::create(501, "key 'seeds' is empty", &j);
  t.n = j.at("n").get<Index>();
  t.seeds = static_cast<int>(seeds.size());
  t.first_seed = seeds.front();
  t.epochs = j.at("epochs").get<int>();
  t.hidden = j.at("hidden").get<std::vector<Index>>();
  t.activation = nn::activation_from_name(j.at("activation").get<std::string>());
  t.lr = j.at("lr").get<double>();
  t.batch = j.at("batch").get<Index>();
  t.snapshot_every = j.at("snapshot_every").get<int>();
}

std::vector<nn::TrainResult> train_seeds(const data::Dataset& data, const std::vector<std::string>& columns, Index k,
                                         const TrainingConfig& config, const Table& probe,
                                         const std::string& geometry, bool bootstrap) {
  nn::TrainOptions options;
  options.probe = probe;
  options.snapshot_every = probe.rows() > 0 ? config.snapshot_every : 0;
  const auto seeds = config.seed_list();
  const int n_runs = static_cast<int>(seeds.size());
  // One bar for every epoch of every model, so that it moves while the models train.
  const auto latent = geometry == "euclidean" ? fmt::format("k={}", k) : fmt::format("{} k={}", geometry, k);
  ProgressBar bar(fmt::format("train {}, {} model{}", latent, n_runs, n_runs == 1 ? "" : "s"),
                  static_cast<std::int64_t>(n_runs) * config.epochs, "epochs", config.progress);
  std::int64_t epochs_done = 0;
  options.on_epoch = [&](const nn::EpochMetrics&) { bar.update(++epochs_done); };
  auto results = nn::train_seeds(data, columns, config.autoencoder(k, geometry), config.trainer(config.first_seed), seeds, options,
                                 config.threads > 0 ? config.threads : omp_get_max_threads(), bootstrap);
  bar.finish();
  return results;
}

}  // namespace topae::experiments
