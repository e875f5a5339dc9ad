#include "topae/nn/checkpoint.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <bit>
#include <limits>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/json_file.hpp"
#include "topae/core/version.hpp"
#include "topae/nn/exact_json.hpp"

namespace topae::nn {

namespace {

constexpr const char* kFormat = "topae-checkpoint";
constexpr int kVersion = 1;

std::string hex64(std::uint64_t h) { return fmt::format("fnv1a64:{:016x}", h); }

// The key paths where a and b differ ("optimizer.lr"), in key order.
void differences(const nlohmann::json& a, const nlohmann::json& b, const std::string& prefix,
                 std::vector<std::string>& out) {
  const auto name = [&](const std::string& key) { return prefix.empty() ? key : prefix + "." + key; };
  if (a.is_object() && b.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key()))
        out.push_back(name(it.key()));
      else
        differences(it.value(), b[it.key()], name(it.key()), out);
    }
    for (auto it = b.begin(); it != b.end(); ++it)
      if (!a.contains(it.key())) out.push_back(name(it.key()));
  } else if (a != b) {
    out.push_back(prefix);
  }
}

const nlohmann::json& at_path(const nlohmann::json& j, const std::string& path) {
  const nlohmann::json* node = &j;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    node = &member(*node, path.substr(start, dot == std::string::npos ? std::string::npos : dot - start).c_str());
    if (dot == std::string::npos) return *node;
    start = dot + 1;
  }
}

// "ck.json: trainer setting 'optimizer.lr' is 0.01 here but 0.001 in the checkpoint; ..."
void check_same(const nlohmann::json& requested, const nlohmann::json& recorded, const std::filesystem::path& path,
                const std::string& what) {
  std::vector<std::string> keys;
  differences(requested, recorded, "", keys);
  if (keys.empty()) return;
  std::vector<std::string> parts;
  for (const auto& key : keys)
    parts.push_back(fmt::format("'{}' is {} here but {} in the checkpoint", key, at_path(requested, key).dump(),
                                at_path(recorded, key).dump()));
  throw InputError(path, fmt::format("{} {}; resume with the settings of the run that wrote it", what,
                                     fmt::join(parts, ", ")));
}

// Layer by layer: the same kinds and sizes.
bool same_shape(const Mlp& a, const Mlp& b) {
  if (a.size() != b.size() || a.in_dim() != b.in_dim()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a.layer(i).type() != b.layer(i).type() || a.layer(i).in_dim() != b.layer(i).in_dim() ||
        a.layer(i).out_dim() != b.layer(i).out_dim())
      return false;
  return true;
}

}  // namespace

DataFingerprint DataFingerprint::of(const Eigen::Ref<const Table>& features, const std::vector<std::string>& columns) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, 64 bits
  for (Index i = 0; i < features.rows(); ++i)
    for (Index j = 0; j < features.cols(); ++j) {
      const auto bits = std::bit_cast<std::uint64_t>(features(i, j));
      for (int b = 0; b < 8; ++b) {
        h ^= (bits >> (8 * b)) & 0xffu;
        h *= 0x100000001b3ull;
      }
    }
  return {features.rows(), columns, hex64(h)};
}

nlohmann::json DataFingerprint::to_json() const {
  return {{"n_events", n_events}, {"columns", columns}, {"fingerprint", hash}};
}

DataFingerprint DataFingerprint::from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw InputError(where + ": 'data' must be an object");
  DataFingerprint d;
  d.n_events = integer_in(j, "n_events", 1, std::numeric_limits<std::int64_t>::max(), where + ": data");
  const auto& columns = member(j, "columns");
  if (!columns.is_array()) throw InputError(where + ": data: 'columns' must be a list of names");
  for (const auto& c : columns) {
    if (!c.is_string()) throw InputError(where + ": data: 'columns' must be a list of names");
    d.columns.push_back(c.get<std::string>());
  }
  const auto& hash = member(j, "fingerprint");
  if (!hash.is_string()) throw InputError(where + ": data: 'fingerprint' must be a string");
  d.hash = hash.get<std::string>();
  return d;
}

void save_checkpoint(const Model& model, const DataFingerprint& data, const TrainingState& state,
                     const std::filesystem::path& path) {
  nlohmann::ordered_json j = model.to_json();
  nlohmann::ordered_json section;
  section["format"] = kFormat;
  section["version"] = kVersion;
  section["data"] = nlohmann::ordered_json(data.to_json());
  // The counts first, the long lists last, so that the file reads top-down.
  auto fields = state.to_json();
  for (const char* key : {"epoch", "stopped_early", "best_epoch", "best_loss", "epochs_since_best", "train_seconds",
                          "samples_seen", "schedule", "history", "optimizer", "best_params"}) {
    section[key] = nlohmann::ordered_json(fields[key]);
    fields.erase(key);
  }
  for (auto it = fields.begin(); it != fields.end(); ++it) section[it.key()] = nlohmann::ordered_json(it.value());
  j["checkpoint"] = std::move(section);
  write_text_atomically(path, j.dump(1) + "\n");
}

Checkpoint load_checkpoint(const std::filesystem::path& path) {
  const auto j = read_json_file(path, "checkpoint");
  const std::string source = path.string();
  try {
    auto model = Model::from_json(j, source);
    const auto& section = member(j, "checkpoint");
    if (!section.is_object())
      throw InputError(path, "not a checkpoint: no 'checkpoint' section (topae train --checkpoint writes them)");
    if (member(section, "format") != kFormat)
      throw InputError(path, fmt::format("not a checkpoint: 'checkpoint.format' is not \"{}\"", kFormat));
    if (member(section, "version") != kVersion)
      throw InputError(path, fmt::format("unsupported checkpoint version {} (this topae reads version {})",
                                         member(section, "version").dump(), kVersion));
    const auto& autoencoder = member(model.training, "autoencoder");
    const auto& trainer = member(model.training, "trainer");
    if (!autoencoder.is_object() || !trainer.is_object())
      throw InputError(path, "the training record lacks the run's 'autoencoder' and 'trainer' settings");
    AutoencoderSpec spec;
    TrainerSpec trainer_spec;
    try {
      spec = AutoencoderSpec::from_json(autoencoder);
      trainer_spec = TrainerSpec::from_json(trainer);
      spec.validate();
      trainer_spec.validate();
    } catch (const InputError& e) {  // an unknown activation, say
      throw InputError(path, std::string("training record: ") + e.what());
    }
    auto data = DataFingerprint::from_json(member(section, "data"), source + ": checkpoint");
    if (data.columns != model.columns)
      throw InputError(path, fmt::format("checkpoint data columns {} differ from the model's columns {}",
                                         fmt::join(data.columns, ","), fmt::join(model.columns, ",")));
    if (member(model.training, "n_events") != data.n_events)
      throw InputError(path, fmt::format("the training record's n_events {} differs from the checkpoint's {}",
                                         member(model.training, "n_events").dump(), data.n_events));
    auto state = TrainingState::from_json(section, trainer_spec, data.n_events, model.autoencoder.n_params(),
                                          source + ": checkpoint");
    return {std::move(model), std::move(spec), std::move(trainer_spec), std::move(data), std::move(state)};
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, std::string("malformed checkpoint: ") + e.what());
  }
}

void check_resume(const Checkpoint& ck, const std::filesystem::path& path, const DataFingerprint& data,
                  const data::Standardizer& standardizer, const AutoencoderSpec& spec, const TrainerSpec& trainer,
                  const Autoencoder& fresh) {
  if (data.columns != ck.data.columns)
    throw InputError(path, fmt::format("the checkpoint was trained on columns {}, not {}",
                                       fmt::join(ck.data.columns, ","), fmt::join(data.columns, ",")));
  if (data.n_events != ck.data.n_events)
    throw InputError(path, fmt::format("the checkpoint was trained on {} events, the data have {}", ck.data.n_events,
                                       data.n_events));
  if (data.hash != ck.data.hash)
    throw InputError(path, fmt::format("the checkpoint was trained on other data: fingerprint {}, the data have {}",
                                       ck.data.hash, data.hash));
  if (standardizer.mean() != ck.model.standardizer.mean() || standardizer.std() != ck.model.standardizer.std())
    throw InputError(path, "the standardizer fitted on the data differs from the checkpoint's");
  const auto& written_by = member(ck.model.training, "topae_version");
  if (written_by != std::string(version()))
    throw InputError(path, fmt::format("written by topae {}, this is {}: resume with the version that wrote it",
                                       written_by.dump(), version()));

  check_same(spec.to_json(), ck.autoencoder.to_json(), path, "autoencoder setting");
  auto requested = trainer.to_json();
  auto recorded = ck.trainer.to_json();
  requested.erase("epochs");
  recorded.erase("epochs");
  check_same(requested, recorded, path, "trainer setting");
  if (trainer.epochs != ck.trainer.epochs) {
    const auto change = fmt::format("--epochs {} instead of the checkpoint's {}", trainer.epochs, ck.trainer.epochs);
    if (trainer.schedule.name == "cosine")
      throw InputError(path, change + ": the cosine schedule's rates depend on the total number of epochs");
    if (ck.state.history.stopped_early)
      throw InputError(path, fmt::format("{}: the run stopped early at epoch {}", change, ck.state.epoch));
    if (trainer.epochs < ck.state.epoch)
      throw InputError(path, fmt::format("{}: the checkpoint has already run {} epochs", change, ck.state.epoch));
  }
  if (fresh.geometry().name() != ck.model.autoencoder.geometry().name() ||
      fresh.n_params() != ck.model.autoencoder.n_params() ||
      !same_shape(fresh.encoder(), ck.model.autoencoder.encoder()) ||
      !same_shape(fresh.decoder(), ck.model.autoencoder.decoder()))
    throw InputError(path, "the checkpoint's network is not the one its training record describes");
}

}  // namespace topae::nn
