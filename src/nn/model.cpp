#include "topae/nn/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/json_file.hpp"
#include "topae/core/version.hpp"
#include "topae/nn/checkpoint.hpp"

namespace topae::nn {

namespace {
constexpr const char* kFormat = "topae-model";
constexpr int kVersion = 1;
}  // namespace

Scores Model::score(const Eigen::Ref<const Table>& features) const {
  const MatrixXf x = standardizer.transform(features);  // D x n
  MatrixXf latent, reconstruction;
  autoencoder.reconstruct(x, latent, reconstruction);
  Scores s;
  s.error = (reconstruction - x).colwise().squaredNorm().cast<double>().transpose();
  const Eigen::MatrixXd raw = standardizer.inverse(reconstruction);  // D x n
  s.distance = (raw - features.transpose()).colwise().norm().transpose();
  s.latent = latent.cast<double>().transpose();
  s.reconstruction = raw.transpose();
  return s;
}

nlohmann::ordered_json Model::to_json() const {
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  autoencoder.to_json(j);
  j["columns"] = columns;
  j["standardizer"] = nlohmann::ordered_json(standardizer.to_json());
  j["training"] = nlohmann::ordered_json(training);
  return j;
}

Model Model::from_json(const nlohmann::json& j, const std::string& source) {
  check_format(j, kFormat, kVersion, "model", source);
  auto autoencoder = Autoencoder::from_json(j, source);
  if (!j.contains("columns") || !j["columns"].is_array())
    throw InputError(source + ": missing 'columns' (the input column names)");
  std::vector<std::string> columns;
  std::unordered_set<std::string> seen;
  for (const auto& c : j["columns"]) {
    if (!c.is_string()) throw InputError(source + ": 'columns' must hold strings");
    columns.push_back(c.get<std::string>());
    if (columns.back().empty()) throw InputError(source + ": 'columns' holds an empty name");
    // Scoring would read the data's column twice and blame the data file: the model is wrong.
    if (!seen.insert(columns.back()).second)
      throw InputError(source + ": 'columns' names '" + columns.back() + "' twice");
  }
  if (static_cast<Index>(columns.size()) != autoencoder.input_dim())
    throw InputError(fmt::format("{}: {} columns but input_dim is {}", source, columns.size(), autoencoder.input_dim()));
  if (!j.contains("standardizer")) throw InputError(source + ": missing 'standardizer'");
  auto standardizer = data::Standardizer::from_json(j["standardizer"], source);
  if (standardizer.dim() != autoencoder.input_dim())
    throw InputError(fmt::format("{}: standardizer has {} entries but input_dim is {}", source, standardizer.dim(),
                                 autoencoder.input_dim()));
  return Model{std::move(columns), std::move(standardizer), std::move(autoencoder), j.value("training", nlohmann::json::object())};
}

void save_model(const Model& model, const std::filesystem::path& path) {
  write_text_atomically(path, model.to_json().dump(1) + "\n");
}

Model load_model(const std::filesystem::path& path) {
  const auto j = read_json_file(path, "model file");
  try {
    return Model::from_json(j, path.string());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, std::string("malformed model: ") + e.what());
  }
}

namespace {

void check_columns(const std::vector<std::string>& columns, const std::string& source) {
  if (columns.empty())
    throw InputError(source + ": no input columns (every column is truth, label or weight); name them with --columns");
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (std::find(columns.begin() + static_cast<std::ptrdiff_t>(i) + 1, columns.end(), columns[i]) != columns.end())
      throw InputError(source + ": input column '" + columns[i] + "' is named twice");
}

bool writes_checkpoints(const TrainOptions& options) {
  return options.checkpoint_every > 0 && !options.checkpoint.empty();
}

// What training needs of the features: the standardized floats, the standardizer, and the
// fingerprint when checkpoints are written or read.
struct Standardized {
  data::Standardizer standardizer;
  DataFingerprint fingerprint;
  MatrixXf x;  // D x n
};

Standardized standardize(const Eigen::Ref<const Table>& features, const std::vector<std::string>& columns, const TrainOptions& options) {
  Standardized s{data::Standardizer::fit(features), {}, {}};
  if (writes_checkpoints(options) || !options.resume.empty())
    s.fingerprint = DataFingerprint::of(features, columns);
  s.x = s.standardizer.transform(features);
  return s;
}

TrainResult train_standardized(Standardized input, const std::vector<std::string>& columns, AutoencoderSpec spec,
                               const TrainerSpec& trainer_spec, const TrainOptions& options) {
  const auto& standardizer = input.standardizer;
  const Index n_events = input.x.cols();
  spec.input_dim = static_cast<Index>(columns.size());
  Model model{columns, standardizer, Autoencoder(spec, trainer_spec.seed), nlohmann::json::object()};
  std::optional<Checkpoint> resume;
  if (!options.resume.empty()) {
    if (options.snapshot_every > 0)
      throw InputError(options.resume, "latent snapshots are not kept in checkpoints: resume without them");
    resume = load_checkpoint(options.resume);
    trainer_spec.validate();
    check_resume(*resume, options.resume, input.fingerprint, standardizer, spec, trainer_spec, model.autoencoder);
    model.autoencoder.params() = resume->model.autoencoder.params();
  }
  const auto record = [&](const TrainingHistory* history) {
    nlohmann::json t = {{"topae_version", std::string(version())},
                        {"seed", trainer_spec.seed},
                        {"autoencoder", spec.to_json()},
                        {"trainer", trainer_spec.to_json()},
                        {"n_events", n_events}};
    if (history) t.update(history->to_json());
    return t;
  };

  Trainer trainer(trainer_spec, model.autoencoder);
  ProgressCallback progress(options.progress, resume ? resume->state.epoch : 0);
  trainer.add_callback(progress);
  std::unique_ptr<LatentSnapshots> snapshots;
  if (options.snapshot_every > 0 && options.probe.rows() > 0) {
    snapshots = std::make_unique<LatentSnapshots>(model.autoencoder, standardizer.transform(options.probe),
                                                 options.snapshot_every);
    trainer.add_callback(*snapshots);
  }
  std::unique_ptr<Checkpoints> checkpoints;
  if (writes_checkpoints(options)) {
    checkpoints = std::make_unique<Checkpoints>(
        trainer,
        [&](const TrainingState& state) {
          // model.autoencoder is the network being trained.
          model.training = record(nullptr);
          model.training["checkpoint_epoch"] = state.epoch;
          save_checkpoint(model, input.fingerprint, state, options.checkpoint);
        },
        options.checkpoint_every);
    trainer.add_callback(*checkpoints);
  }

  std::unique_ptr<EpochHook> hook;
  if (options.on_epoch) {
    hook = std::make_unique<EpochHook>(options.on_epoch);
    trainer.add_callback(*hook);
  }

  auto history = resume ? trainer.fit(input.x, resume->state, options.resume.string()) : trainer.fit(input.x);
  model.training = record(&history);
  std::vector<LatentSnapshot> snaps;
  if (snapshots) snaps = snapshots->snapshots();
  return {std::move(model), std::move(history), std::move(snaps), resume ? resume->state.epoch : 0};
}

}  // namespace

TrainResult train_model(const data::Dataset& data, const std::vector<std::string>& columns, AutoencoderSpec spec,
                        const TrainerSpec& trainer, const TrainOptions& options) {
  // The table itself when it holds just these columns (the CLI reads no others), else a copy.
  if (columns == data.columns) return train_model(data.values, columns, std::move(spec), trainer, options);
  return train_model(data.select(columns, options.source), columns, std::move(spec), trainer, options);
}

TrainResult train_model(const Eigen::Ref<const Table>& features, const std::vector<std::string>& columns,
                        AutoencoderSpec spec, const TrainerSpec& trainer, const TrainOptions& options) {
  check_columns(columns, options.source);
  if (features.cols() != static_cast<Index>(columns.size()))
    throw InputError(fmt::format("{}: {} columns of values for {} column names", options.source, features.cols(),
                                 columns.size()));
  return train_standardized(standardize(features, columns, options), columns, std::move(spec), trainer, options);
}

TrainResult train_model(data::Dataset&& data, const std::vector<std::string>& columns, AutoencoderSpec spec,
                        const TrainerSpec& trainer, const TrainOptions& options) {
  check_columns(columns, options.source);
  if (columns != data.columns) data.values = data.select(columns, options.source);
  auto standardized = standardize(data.values, columns, options);
  data = data::Dataset();  // training needs only the floats
  return train_standardized(std::move(standardized), columns, std::move(spec), trainer, options);
}

}  // namespace topae::nn
