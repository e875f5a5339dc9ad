#include "topae/experiments/reproduce.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "topae/core/atomic_file.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/error.hpp"
#include "topae/core/progress.hpp"
#include "topae/core/stopwatch.hpp"
#include "topae/core/version.hpp"
#include "topae/experiments/bump_hunt.hpp"
#include "topae/experiments/circle.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/phase_space.hpp"
#include "topae/experiments/suite_summary.hpp"
#include "topae/report/html_report.hpp"
#include "topae/experiments/surfaces.hpp"

namespace topae::experiments {

namespace {

// An experiment at its default settings but for the training, as a function of its folder.
template <typename Config>
auto with_training(const TrainingConfig& training,
                   nlohmann::json (*run)(const Config&, const std::filesystem::path&)) {
  return [training, run](const std::filesystem::path& dir) {
    Config config;
    config.training = training;
    return run(config, dir);
  };
}

}  // namespace

std::vector<std::string> suite_experiments() {
  return {"circle", "offmanifold", "sphere", "double-cone", "gap", "extrinsic", "torus", "phase-space", "bump-hunt"};
}

nlohmann::json run_reproduce(const ReproduceConfig& config) {
  const auto names = suite_experiments();
  for (const auto& name : config.only)
    if (std::find(names.begin(), names.end(), name) == names.end())
      throw InputError(fmt::format("unknown experiment '{}' in --only (experiments: {})", name, fmt::join(names, ", ")));
  const auto selected = [&](const std::string& name) {
    return config.only.empty() || std::find(config.only.begin(), config.only.end(), name) != config.only.end();
  };

  // Quick: enough to show every effect in a few minutes on two cores. Full: the statistics
  // a paper would quote.
  TrainingConfig training;
  training.n = config.full ? 10000 : 2000;
  training.epochs = config.full ? 1000 : 300;
  training.seeds = config.seeds > 0 ? config.seeds : (config.full ? 8 : 2);
  training.threads = config.threads;
  training.progress = config.progress;
  // The seam's dependence on the seed needs several seeds even in the quick suite.
  TrainingConfig many_seeds = training;
  many_seeds.seeds = config.seeds > 0 ? config.seeds : 8;

  const Stopwatch total;
  nlohmann::json experiments = nlohmann::json::object();
  nlohmann::json seconds = nlohmann::json::object();
  const auto n_selected = std::count_if(names.begin(), names.end(), selected);
  int started = 0;
  const auto timed = [&](const std::string& name, auto run) {
    if (!selected(name)) return;
    throw_if_interrupted();
    progress_line(fmt::format("[{}/{}] {}", ++started, n_selected, name), config.progress);
    const Stopwatch clock;
    experiments[name] = run(config.output / name);
    seconds[name] = clock.seconds();
  };
  timed("circle", with_training<CircleConfig>(many_seeds, run_circle));
  timed("offmanifold", with_training<OffManifoldConfig>(training, run_offmanifold));
  timed("sphere", with_training<SphereConfig>(training, run_sphere));
  timed("double-cone", with_training<DoubleConeConfig>(training, run_double_cone));
  timed("gap", with_training<GapConfig>(training, run_gap));
  timed("extrinsic", with_training<ExtrinsicConfig>(training, run_extrinsic));
  timed("torus", with_training<TorusConfig>(training, run_torus));
  timed("phase-space", with_training<PhaseSpaceConfig>(training, run_phase_space));
  timed("bump-hunt", with_training<BumpHuntConfig>(training, run_bump_hunt));

  nlohmann::json results = {
      {"command", "reproduce"},
      {"topae_version", std::string(version())},
      {"config",
       {{"output", config.output.string()}, {"full", config.full}, {"only", config.only}, {"threads", config.threads}}},
      {"experiments", experiments},
      {"seconds", seconds},
      {"total_seconds", total.seconds()}};
  write_text_atomically(config.output / "results.json", results.dump(2) + "\n");
  write_suite_summary(config.output);
  report::write_html_report(config.output);
  return results;
}

}  // namespace topae::experiments
