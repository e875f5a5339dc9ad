#pragma once
// The shape of every experiment of the suite. An experiment is one file that defines
//   - a typed config (JSON both ways, `validate()`, a `training` member) and its flags,
//   - run(config, dir) -> Result, a typed struct (JSON both ways) whose members `figures`
//     (FigureRef) and `snapshots` (SnapshotRef) list what the report shows,
//   - its claims (claim.hpp), and the numbers and tables the report quotes,
// and returns them as a Definition; registry.cpp lists the experiments. The CLI
// (`topae experiment NAME`), `topae reproduce`, summary.json and the report iterate over the
// registry, so nothing else changes when an experiment is added.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/core/version.hpp"
#include "topae/experiments/claim.hpp"
#include "topae/experiments/parameter.hpp"
#include "topae/experiments/training.hpp"

namespace topae::experiments {

// A figure or snapshot table an experiment wrote, relative to its folder, with a caption.
struct FigureRef {
  std::string path;
  std::string caption;
};
struct SnapshotRef {
  std::string path;
  std::string caption;
  std::string color;  // the truth column that colours the points
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FigureRef, path, caption)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SnapshotRef, path, caption, color)

// A number the report quotes, already in words ("0.981-0.996").
struct Number {
  std::string name;
  std::string value;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Number, name, value)

// A table the report shows: a caption, one heading per column, and rows of cells in words,
// as many per row as headings.
struct ResultTable {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ResultTable, caption, header, rows)

template <typename Config, typename Result>
struct Definition {
  std::string name;   // the subcommand and the folder: "double-cone"
  std::string title;  // "Double cone"
  std::string help;   // one line for --help
  std::string text;   // what the experiment shows, a paragraph for the report
  // The experiment's own flags; one named like a training flag ("n") replaces its help.
  std::vector<Parameter<Config>> parameters;
  std::function<Result(const Config&, const std::filesystem::path&)> run;
  std::vector<Claim<Result>> claims;
  std::function<std::vector<Number>(const Result&, const Config&)> numbers = {};
  std::function<std::vector<ResultTable>(const Result&, const Config&)> tables = {};
  std::function<std::string(const Result&)> summary = {};  // terminal lines (default: every run's numbers)
  // What `reproduce` changes beyond the suite's training settings (more seeds for a claim
  // about seeds); `seeds_given`: the user set the seed count.
  std::function<void(Config&, bool seeds_given)> suite = {};
};

// How `reproduce` sets every experiment's training.
struct SuiteSettings {
  bool full = false;  // publication statistics instead of the quick suite
  int seeds = 0;      // 0: the suite's default
};
TrainingConfig suite_training(const SuiteSettings& suite);

struct RunOptions {
  std::optional<SuiteSettings> suite;  // set by reproduce: start from the suite's settings
  int threads = 0;
  bool progress = true;
};

// One experiment's part of summary.json.
struct Section {
  std::string name, title, text, command;
  std::vector<Number> numbers;
  std::vector<ResultTable> tables;
  std::vector<FigureRef> figures;     // relative to the suite's folder; only files that exist
  std::vector<SnapshotRef> snapshots;
  std::vector<Verdict> claims;
};

struct ParameterInfo {
  std::string flag, help, default_value;
  std::vector<std::string> aliases;
  std::string type;
};

struct ClaimInfo {
  std::string experiment, id, statement, quantity, threshold, why;
};

struct Outcome {
  nlohmann::json results;  // as written to DIR/results.json
  std::vector<Verdict> verdicts;
  std::string summary;     // for the terminal
};

// Any experiment, behind one interface.
class Experiment {
 public:
  template <typename Config, typename Result>
  explicit Experiment(Definition<Config, Result> definition);

  const std::string& name() const { return name_; }
  const std::string& title() const { return title_; }
  const std::string& help() const { return help_; }
  const std::string& text() const { return text_; }
  // Its flags, the training flags last, with the defaults --help shows.
  const std::vector<ParameterInfo>& parameters() const { return parameters_; }
  const std::vector<ClaimInfo>& claims() const { return claims_; }

  // Runs it into `dir` with `flags` (flag -> value text) applied over its defaults, or over
  // the suite's settings; writes DIR/results.json. Throws InputError naming the flag.
  Outcome run(const std::map<std::string, std::string>& flags, const RunOptions& options,
              const std::filesystem::path& dir) const {
    return run_(flags, options, dir);
  }
  // The resolved, validated config `run` would use, as JSON; writes nothing.
  nlohmann::json configure(const std::map<std::string, std::string>& flags, const RunOptions& options) const {
    return configure_(flags, options);
  }
  // Its section of summary.json from the results.json it wrote into `base`/`name()`;
  // `output` is how the command to rerun it names `base`. Throws nlohmann::json errors on
  // results that lack what it needs.
  Section section(const nlohmann::json& results, const std::filesystem::path& base, const std::string& output) const {
    return section_(results, base, output);
  }

 private:
  std::string name_, title_, help_, text_;
  std::vector<ParameterInfo> parameters_;
  std::vector<ClaimInfo> claims_;
  std::function<Outcome(const std::map<std::string, std::string>&, const RunOptions&, const std::filesystem::path&)> run_;
  std::function<nlohmann::json(const std::map<std::string, std::string>&, const RunOptions&)> configure_;
  std::function<Section(const nlohmann::json&, const std::filesystem::path&, const std::string&)> section_;
};

// The training flags every experiment has: --n, --seeds, --seed, --epochs, --hidden, ...
template <typename Config>
std::vector<Parameter<Config>> training_parameters() {
  const auto t = [](Config& c) -> TrainingConfig& { return c.training; };
  return {parameter<Config>("n", "Training events", [t](Config& c) -> Index& { return t(c).n; }),
          parameter<Config>("seeds", "Models per configuration (seeds --seed, --seed + 1, ...)",
                            [t](Config& c) -> int& { return t(c).seeds; }),
          parameter<Config>("seed", "First seed", [t](Config& c) -> std::uint64_t& { return t(c).first_seed; }),
          parameter<Config>("epochs", "Training epochs", [t](Config& c) -> int& { return t(c).epochs; }),
          parameter<Config>("hidden", "Encoder hidden widths; the decoder mirrors them",
                            [t](Config& c) -> std::vector<Index>& { return t(c).hidden; }),
          parameter<Config>("activation", "Activation", [t](Config& c) -> nn::Activation& { return t(c).activation; },
                            nn::activation_from_name, nn::activation_name),
          parameter<Config>("lr", "Adam learning rate", [t](Config& c) -> double& { return t(c).lr; }),
          parameter<Config>("batch", "Mini-batch size", [t](Config& c) -> Index& { return t(c).batch; }),
          parameter<Config>("snapshot-every", "Epochs between latent snapshots",
                            [t](Config& c) -> int& { return t(c).snapshot_every; })};
}

namespace detail {

// The command that reruns an experiment alone: every flag whose value differs from the default.
template <typename Config>
std::string rerun_command(const std::string& name, const std::vector<Parameter<Config>>& parameters,
                          const Config& config, const std::string& output) {
  const Config defaults{};
  std::string command = "topae experiment " + name;
  for (const auto& p : parameters) {
    const std::string value = p.show(config);
    if (value != p.show(defaults)) command += " --" + p.flag + " " + (value.empty() ? "''" : value);
  }
  return command + " -o " + output + "/" + name;
}

// Figures and snapshots that exist, relative to the suite's folder: the report never points
// at a missing file (an --only subset, no gnuplot).
template <typename Ref>
std::vector<Ref> existing(const std::vector<Ref>& refs, const std::string& name, const std::filesystem::path& base) {
  std::vector<Ref> out;
  for (Ref r : refs) {
    r.path = name + "/" + r.path;
    if (std::filesystem::exists(base / r.path)) out.push_back(std::move(r));
  }
  return out;
}

std::string default_summary(const nlohmann::json& results);
// DIR/results.json, atomically.
void write_results_file(const std::filesystem::path& dir, const nlohmann::json& results);

}  // namespace detail

template <typename Config, typename Result>
Experiment::Experiment(Definition<Config, Result> d)
    : name_(d.name), title_(d.title), help_(d.help), text_(d.text) {
  // Own flags first; a training flag the experiment redefines keeps the experiment's help.
  auto parameters = d.parameters;
  for (auto& p : training_parameters<Config>()) {
    const bool redefined = std::any_of(parameters.begin(), parameters.end(), [&](const auto& q) { return q.flag == p.flag; });
    if (!redefined) parameters.push_back(std::move(p));
  }
  const Config defaults{};
  for (const auto& p : parameters) parameters_.push_back({p.flag, p.help, p.show(defaults), p.aliases, p.type});
  for (const auto& c : d.claims) claims_.push_back({d.name, c.id, c.statement, c.quantity, c.threshold.description(), c.why});

  const auto verdicts = [d](const Result& result) {
    std::vector<Verdict> out;
    for (const auto& c : d.claims) out.push_back(c.judge(d.name, result));
    return out;
  };
  // The config a run gets: the defaults or the suite's settings, then the flags in the
  // order the experiment declares them (so that one may refine another), then validated.
  const auto configure = [d, parameters](const std::map<std::string, std::string>& flags, const RunOptions& options) {
    Config config;
    if (options.suite) {
      config.training = suite_training(*options.suite);
      if (d.suite) d.suite(config, options.suite->seeds > 0 || flags.contains("seeds"));
    }
    for (const auto& [flag, value] : flags) {
      const bool known = std::any_of(parameters.begin(), parameters.end(), [&](const auto& p) {
        return p.flag == flag || std::find(p.aliases.begin(), p.aliases.end(), flag) != p.aliases.end();
      });
      if (!known) throw InputError(fmt::format("experiment {} has no flag --{}", d.name, flag));
    }
    for (const auto& p : parameters) {
      auto given = flags.find(p.flag);
      for (const auto& alias : p.aliases)
        if (given == flags.end()) given = flags.find(alias);
      if (given != flags.end()) p.set(config, given->second);
    }
    config.training.threads = options.threads;
    config.training.progress = options.progress;
    config.validate();
    return config;
  };
  configure_ = [configure](const std::map<std::string, std::string>& flags, const RunOptions& options) {
    return nlohmann::json(configure(flags, options));
  };
  run_ = [d, configure, verdicts](const std::map<std::string, std::string>& flags, const RunOptions& options,
                                  const std::filesystem::path& dir) {
    const Config config = configure(flags, options);
    const Result result = d.run(config, dir);
    nlohmann::json results = {{"experiment", d.name}, {"topae_version", std::string(version())}, {"config", config}};
    results.update(nlohmann::json(result));
    detail::write_results_file(dir, results);
    return Outcome{results, verdicts(result), d.summary ? d.summary(result) : detail::default_summary(results)};
  };
  section_ = [d, parameters, verdicts](const nlohmann::json& results, const std::filesystem::path& base,
                                       const std::string& output) {
    const auto config = results.at("config").get<Config>();
    const auto result = results.get<Result>();
    Section s;
    s.name = d.name;
    s.title = d.title;
    s.text = d.text;
    s.command = detail::rerun_command(d.name, parameters, config, output);
    if (d.numbers) s.numbers = d.numbers(result, config);
    if (d.tables) s.tables = d.tables(result, config);
    s.figures = detail::existing(result.figures, d.name, base);
    s.snapshots = detail::existing(result.snapshots, d.name, base);
    s.claims = verdicts(result);
    return s;
  };
}

}  // namespace topae::experiments
