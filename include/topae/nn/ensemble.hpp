#pragma once
// Ensemble: autoencoders of one architecture trained on the same events from different seeds.
// A tear's place depends on the seed, its existence does not: at a seam of one member the
// others reconstruct well, so the members' spread flags seam events without knowing the
// data's topology, and their minimum or median error is less fooled by any one tear.
//
// File (docs/model-format.md): {"format": "topae-ensemble", "version": 1, "folds": {...} (a
// k-fold ensemble only), "members": [{"seed": s, "model": <a topae-model>}, ...]}.
// load_ensemble also reads a single model file, as an ensemble of one.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "topae/nn/folds.hpp"
#include "topae/nn/model.hpp"

namespace topae::nn {

// Per event (n_events rows) over the members: their errors and what `topae score` writes.
struct EnsembleScores {
  Table member_error;             // n_events x members
  Eigen::VectorXd median;         // the median over members (the mean of the middle two if even)
  Eigen::VectorXd min, mean;
  Eigen::VectorXd spread;         // max - min
  Eigen::VectorXd disagreement;   // spread / median (0 where both are 0)
};

struct Ensemble {
  std::vector<std::uint64_t> seeds;  // member i was trained from seeds[i]
  std::vector<Model> members;        // the same columns, in the same order
  // A k-fold ensemble (train_folds): member i trained on the events outside fold i.
  std::optional<Folds> folds;

  const std::vector<std::string>& columns() const { return members.front().columns; }
  // features: n_events x columns().size(), raw units.
  EnsembleScores score(const Eigen::Ref<const Table>& features) const;

  nlohmann::ordered_json to_json() const;
  // Throws InputError starting with `source` on a malformed file or members that disagree.
  static Ensemble from_json(const nlohmann::json& j, const std::string& source);
};

void save_ensemble(const Ensemble& ensemble, const std::filesystem::path& path);  // atomic
// An ensemble file, or a model file as an ensemble of one (its seed from its training record).
Ensemble load_ensemble(const std::filesystem::path& path);

// The seeds of `--seeds TEXT`: "1-16", "1,5,9", "1-4,9" (each at most once, at most 4096 in
// all). Throws InputError naming --seeds and the part that is wrong.
std::vector<std::uint64_t> parse_seed_list(const std::string& text);

// Trains one model per seed on `columns` of `data`, in parallel on up to `threads` threads,
// each on one thread (trainer.threads is set to 1), so that every model is the one `topae
// train --seed s --threads 1` would give, whatever `threads` is. Without a progress bar of
// its own: options.on_epoch, if set, is called from any of the threads, one call at a time.
// The first failure is rethrown once all have ended.
//
// With `bootstrap`, the model of seed s trains on a bootstrap resample of the events (as many,
// drawn with replacement from the stream named_seed(s, "bootstrap")), and its training record
// says "bootstrap": true. Models trained on the same events tend to tear where that sample is
// sparsest, whatever their seed; resamples move the tears apart (docs/experiments.md, remedies).
std::vector<TrainResult> train_seeds(const data::Dataset& data, const std::vector<std::string>& columns,
                                     const AutoencoderSpec& spec, TrainerSpec trainer,
                                     const std::vector<std::uint64_t>& seeds, TrainOptions options, int threads,
                                     bool bootstrap = false);

// The bootstrap resample train_seeds trains the model of `seed` on: the events of `data` (with
// their labels and weights) at indices drawn uniformly with replacement.
data::Dataset bootstrap_resample(const data::Dataset& data, std::uint64_t seed);

// A k-fold ensemble of `data`'s events: member i, seed seeds[i], trains on the events outside
// fold i of folds (k = seeds.size()), in parallel as train_seeds does.
Ensemble train_folds(const data::Dataset& data, const std::vector<std::string>& columns, const AutoencoderSpec& spec,
                     TrainerSpec trainer, const std::vector<std::uint64_t>& seeds, const Folds& folds,
                     TrainOptions options, int threads);

// train_seeds' models as an ensemble.
Ensemble train_ensemble(const data::Dataset& data, const std::vector<std::string>& columns,
                        const AutoencoderSpec& spec, const TrainerSpec& trainer,
                        const std::vector<std::uint64_t>& seeds, const TrainOptions& options, int threads,
                        bool bootstrap = false);

}  // namespace topae::nn
