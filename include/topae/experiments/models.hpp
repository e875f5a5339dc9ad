#pragma once
// Trains the autoencoders of an experiment (every latent dimension, every seed), scores each
// test set with each model, and writes what every experiment keeps per model:
//   DIR/k<K>/seed<S>/model.json              the model
//   DIR/k<K>/seed<S>/scores_<test>.csv       per point: error, distance, z, reconstruction,
//                                            input, intrinsic coordinates
//   DIR/k<K>/seed<S>/latent_snapshots.csv    the probe set's latent codes during training
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "topae/core/rng.hpp"
#include "topae/data/dataset.hpp"
#include "topae/experiments/experiment.hpp"
#include "topae/experiments/training.hpp"
#include "topae/nn/model.hpp"
#include "topae/report/figure.hpp"

namespace topae::experiments {

struct TrainedModel {
  Index k;
  std::uint64_t seed;
  nn::TrainResult training;
  std::map<std::string, data::Dataset> scores;  // per test set, as `topae score` writes it
  std::filesystem::path dir;                    // where its files are

  const nn::Model& model() const { return training.model; }
};

// `probe` is a data set whose feature columns are recorded in latent space during training
// (empty: the first 200 training events); its truth columns go into latent_snapshots.csv
// beside the codes. Test sets named in `unwritten` are scored but not written (large
// reference samples that the model and the generator's settings reproduce).
std::vector<TrainedModel> train_and_score(const std::filesystem::path& dir, const data::Dataset& train,
                                          const std::vector<Index>& latents, const TrainingConfig& config,
                                          const std::map<std::string, data::Dataset>& tests,
                                          const data::Dataset& probe, const std::set<std::string>& unwritten = {});

// Long-format table of snapshots: epoch, then the probe's truth columns, then z_1..z_k.
data::Dataset snapshot_table(const std::vector<nn::LatentSnapshot>& snapshots, const data::Dataset& probe);

// A column of a table by name (throws Error if absent: a programming error here).
Eigen::VectorXd column(const data::Dataset& table, const std::string& name);

// n events of a generator of data/ (a spec with n and seed) from `seed`.
template <typename Spec>
data::Dataset sample(Spec spec, data::Dataset (*generate)(const Spec&), Index n, std::uint64_t seed) {
  spec.n = n;
  spec.seed = seed;
  return generate(spec);
}

// A training sample and an independent test sample from one generator, from the named seeds
// "train" and "test" of the experiment's first seed.
template <typename Spec, typename Generate>
std::pair<data::Dataset, data::Dataset> train_and_test_samples(Spec spec, Generate generate,
                                                               const TrainingConfig& config, Index n_test) {
  spec.n = config.n;
  spec.seed = named_seed(config.first_seed, "train");
  auto train = generate(spec);
  spec.n = n_test;
  spec.seed = named_seed(config.first_seed, "test");
  return {std::move(train), generate(spec)};
}


// The models of latent dimension k.
std::vector<const TrainedModel*> with_latent(const std::vector<TrainedModel>& models, Index k);

// One number per run (`value`: a member pointer or a function of the run), for the claims.
template <typename Run, typename Value>
std::vector<double> per_run(const std::vector<Run>& runs, Value value) {
  std::vector<double> out;
  for (const auto& run : runs) out.push_back(static_cast<double>(std::invoke(value, run)));
  return out;
}
// The same over the runs of latent dimension k (a run's member `latent`).
template <typename Run, typename Value>
std::vector<double> per_run(const std::vector<Run>& runs, Index k, Value value) {
  std::vector<double> out;
  for (const auto& run : runs)
    if (run.latent == k) out.push_back(static_cast<double>(std::invoke(value, run)));
  return out;
}

// Writes `figure` at DIR/STEM (STEM relative to the experiment's folder DIR, without an
// extension) and returns what the report shows of it: STEM.png with `caption`.
FigureRef write_figure(const report::FigureSpec& figure, const std::filesystem::path& dir, const std::string& stem,
                       std::string caption);

// The folder of a model relative to its experiment's: "k<K>/seed<S>".
std::string model_folder(Index k, std::uint64_t seed);

}  // namespace topae::experiments
