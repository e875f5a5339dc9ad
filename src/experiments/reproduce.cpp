#include "topae/experiments/reproduce.hpp"

#include <chrono>

#include "topae/core/atomic_file.hpp"
#include "topae/core/version.hpp"
#include "topae/experiments/circle.hpp"

namespace topae::experiments {

nlohmann::json run_reproduce(const ReproduceConfig& config) {
  const auto t0 = std::chrono::steady_clock::now();
  // Until the full suite exists, reproduce runs the circle experiment.
  CircleConfig circle;
  circle.training.seeds = config.seeds > 0 ? config.seeds : (config.full ? 8 : 2);
  if (config.full) {
    circle.training.n = 20000;
    circle.training.epochs = 1000;
  }
  circle.training.threads = config.threads;
  circle.training.progress = config.progress;
  nlohmann::json experiments;
  experiments["circle"] = run_circle(circle, config.output / "circle");

  nlohmann::json results = {
      {"command", "reproduce"},
      {"topae_version", std::string(version())},
      {"config", {{"output", config.output.string()}, {"full", config.full}, {"seeds", circle.training.seeds}, {"threads", config.threads}}},
      {"experiments", experiments},
      {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
  write_text_atomically(config.output / "results.json", results.dump(2) + "\n");
  return results;
}

}  // namespace topae::experiments
