#include "topae/nn/ensemble.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/json_file.hpp"
#include "topae/core/parse.hpp"
#include "topae/core/rng.hpp"

namespace topae::nn {

namespace {

constexpr const char* kFormat = "topae-ensemble";
constexpr int kVersion = 1;

double median_of(std::vector<double> v) {
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  if (v.size() % 2 == 1) return v[m];
  return 0.5 * (v[m] + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m)));
}

constexpr std::size_t kMaxMembers = 4096;

std::uint64_t parse_seed(const std::string& part, const std::string& text) {
  const auto v = to_uint(part);
  if (!v) throw InputError(fmt::format("--seeds: '{}' in '{}' is not a seed (a non-negative integer)", part, text));
  return *v;
}

}  // namespace

std::vector<std::uint64_t> parse_seed_list(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::size_t dash = part.find('-');
    const std::uint64_t first = parse_seed(part.substr(0, dash), text);
    const std::uint64_t last = dash == std::string::npos ? first : parse_seed(part.substr(dash + 1), text);
    if (last < first) throw InputError(fmt::format("--seeds: the range '{}' in '{}' runs backwards", part, text));
    if (last - first >= kMaxMembers - seeds.size())
      throw InputError(fmt::format("--seeds: '{}' gives more than {} seeds", text, kMaxMembers));
    for (std::uint64_t s = first;; ++s) {
      if (std::find(seeds.begin(), seeds.end(), s) != seeds.end())
        throw InputError(fmt::format("--seeds: seed {} appears twice in '{}'", s, text));
      seeds.push_back(s);
      if (s == last) break;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return seeds;
}

EnsembleScores Ensemble::score(const Eigen::Ref<const Table>& features) const {
  const Index n = features.rows();
  const auto m = static_cast<Index>(members.size());
  EnsembleScores s;
  s.member_error.resize(n, m);
  for (Index j = 0; j < m; ++j) s.member_error.col(j) = members[static_cast<std::size_t>(j)].score(features).error;
  s.min = s.member_error.rowwise().minCoeff();
  s.mean = s.member_error.rowwise().mean();
  s.spread = s.member_error.rowwise().maxCoeff() - s.min;
  s.median.resize(n);
  s.disagreement.resize(n);
  for (Index i = 0; i < n; ++i) {
    const Eigen::RowVectorXd row = s.member_error.row(i);
    s.median(i) = median_of({row.data(), row.data() + m});
    s.disagreement(i) = s.spread(i) == 0 ? 0 : s.spread(i) / s.median(i);
  }
  return s;
}

nlohmann::ordered_json Ensemble::to_json() const {
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  if (folds) j["folds"] = nlohmann::ordered_json(folds->to_json());
  j["members"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < members.size(); ++i) j["members"].push_back({{"seed", seeds[i]}, {"model", members[i].to_json()}});
  return j;
}

Ensemble Ensemble::from_json(const nlohmann::json& j, const std::string& source) {
  check_format(j, kFormat, kVersion, "ensemble", source);
  if (!j.contains("members") || !j["members"].is_array() || j["members"].empty())
    throw InputError(source + ": 'members' must be a non-empty list");
  Ensemble e;
  for (std::size_t i = 0; i < j["members"].size(); ++i) {
    const auto& member = j["members"][i];
    const std::string where = fmt::format("{}: member {}", source, i + 1);
    const bool seed_ok = member.is_object() && member.contains("seed") &&
                         (member["seed"].is_number_unsigned() ||
                          (member["seed"].is_number_integer() && member["seed"].get<std::int64_t>() >= 0));
    if (!seed_ok) throw InputError(where + ": 'seed' must be a non-negative integer");
    if (!member.contains("model")) throw InputError(where + ": missing 'model'");
    e.seeds.push_back(member["seed"].get<std::uint64_t>());
    e.members.push_back(Model::from_json(member["model"], where));
    if (e.members.back().columns != e.members.front().columns)
      throw InputError(where + ": its columns differ from member 1's");
    if (std::count(e.seeds.begin(), e.seeds.end(), e.seeds.back()) > 1)
      throw InputError(fmt::format("{}: seed {} appears twice", where, e.seeds.back()));
  }
  if (j.contains("folds")) {
    e.folds = Folds::from_json(j["folds"], source);
    if (static_cast<std::size_t>(e.folds->k) != e.members.size())
      throw InputError(fmt::format("{}: {} folds but {} members", source, e.folds->k, e.members.size()));
    if (e.folds->data.columns != e.columns())
      throw InputError(source + ": the folds' columns differ from the members'");
  }
  return e;
}

void save_ensemble(const Ensemble& ensemble, const std::filesystem::path& path) {
  write_text_atomically(path, ensemble.to_json().dump(1) + "\n");
}

Ensemble load_ensemble(const std::filesystem::path& path) {
  const auto j = read_json_file(path, "model file");
  try {
    if (j.is_object() && j.value("format", std::string()) == kFormat) return Ensemble::from_json(j, path.string());
    Ensemble e;
    e.members.push_back(Model::from_json(j, path.string()));
    e.seeds.push_back(e.members.front().training.value("seed", std::uint64_t{0}));
    return e;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, std::string("malformed model: ") + e.what());
  }
}

data::Dataset bootstrap_resample(const data::Dataset& data, std::uint64_t seed) {
  const Index n = data.n_events();
  RandomStream stream(named_seed(seed, "bootstrap"), 0);
  std::vector<Index> rows(static_cast<std::size_t>(n));
  for (auto& r : rows) r = static_cast<Index>(stream.below(static_cast<std::uint64_t>(n)));
  return data.select_rows(rows);
}

namespace {

// Trains one model per seed, train(i, trainer with seeds[i]) each, on up to `threads` threads;
// the first failure is rethrown once all have ended.
std::vector<TrainResult> train_in_parallel(
    TrainerSpec trainer, const std::vector<std::uint64_t>& seeds, int threads,
    const std::function<TrainResult(std::size_t, const TrainerSpec&)>& train) {
  if (seeds.empty()) throw InputError("--seeds: no seed given");
  trainer.threads = 1;
  const int n = static_cast<int>(seeds.size());
  std::vector<std::optional<TrainResult>> results(seeds.size());
  std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic) num_threads(std::max(1, std::min(threads, n)))
  for (int i = 0; i < n; ++i) {
    try {
      TrainerSpec t = trainer;
      t.seed = seeds[static_cast<std::size_t>(i)];
      results[static_cast<std::size_t>(i)] = train(static_cast<std::size_t>(i), t);
    } catch (...) {
#pragma omp critical(topae_train_seeds_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  std::vector<TrainResult> out;
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

// One thread per model, no bar of its own, and on_epoch called one call at a time.
TrainOptions member_options(TrainOptions options) {
  options.progress = false;
  if (options.on_epoch) {
    options.on_epoch = [inner = options.on_epoch](const EpochMetrics& m) {
#pragma omp critical(topae_train_seeds_progress)
      inner(m);
    };
  }
  return options;
}

}  // namespace

std::vector<TrainResult> train_seeds(const data::Dataset& data, const std::vector<std::string>& columns,
                                     const AutoencoderSpec& spec, TrainerSpec trainer,
                                     const std::vector<std::uint64_t>& seeds, TrainOptions options, int threads,
                                     bool bootstrap) {
  options = member_options(std::move(options));
  return train_in_parallel(trainer, seeds, threads, [&](std::size_t, const TrainerSpec& t) {
    if (!bootstrap) return train_model(data, columns, spec, t, options);
    auto r = train_model(bootstrap_resample(data, t.seed), columns, spec, t, options);
    r.model.training["bootstrap"] = true;
    return r;
  });
}

Ensemble train_folds(const data::Dataset& data, const std::vector<std::string>& columns, const AutoencoderSpec& spec,
                     TrainerSpec trainer, const std::vector<std::uint64_t>& seeds, const Folds& folds,
                     TrainOptions options, int threads) {
  if (static_cast<std::size_t>(folds.k) != seeds.size())
    throw InputError(fmt::format("internal: {} folds for {} seeds", folds.k, seeds.size()));
  options = member_options(std::move(options));
  Ensemble e;
  e.seeds = seeds;
  e.folds = folds;
  for (auto& r : train_in_parallel(trainer, seeds, threads, [&](std::size_t i, const TrainerSpec& t) {
         auto result = train_model(data.select_rows(folds.rows_outside(static_cast<int>(i))), columns, spec, t, options);
         result.model.training["fold"] = i;
         return result;
       }))
    e.members.push_back(std::move(r.model));
  return e;
}

Ensemble train_ensemble(const data::Dataset& data, const std::vector<std::string>& columns,
                        const AutoencoderSpec& spec, const TrainerSpec& trainer,
                        const std::vector<std::uint64_t>& seeds, const TrainOptions& options, int threads,
                        bool bootstrap) {
  Ensemble e;
  e.seeds = seeds;
  for (auto& r : train_seeds(data, columns, spec, trainer, seeds, options, threads, bootstrap))
    e.members.push_back(std::move(r.model));
  return e;
}

}  // namespace topae::nn
