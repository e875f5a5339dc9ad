#include "topae/experiments/reproduce.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/progress.hpp"
#include "topae/core/stopwatch.hpp"
#include "topae/core/version.hpp"
#include "topae/experiments/summary.hpp"
#include "topae/report/html_report.hpp"

namespace topae::experiments {

Reproduction run_reproduce(const Registry& registry, const ReproduceConfig& config) {
  for (const auto& name : config.only)
    if (!registry.find(name))
      throw InputError(fmt::format("unknown experiment '{}' in --only (experiments: {})", name,
                                   fmt::join(registry.names(), ", ")));
  std::vector<const Experiment*> selected;
  for (const auto& e : registry.experiments())
    if (config.only.empty() || std::find(config.only.begin(), config.only.end(), e.name()) != config.only.end())
      selected.push_back(&e);

  const RunOptions options{config.suite, config.threads, config.progress};
  const Stopwatch total;
  Reproduction out;
  nlohmann::json experiments = nlohmann::json::object(), seconds = nlohmann::json::object();
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const Experiment& e = *selected[i];
    throw_if_interrupted();
    progress_line(fmt::format("[{}/{}] {}", i + 1, selected.size(), e.name()), config.progress);
    const Stopwatch clock;
    out.outcomes.push_back(e.run({}, options, config.output / e.name()));
    experiments[e.name()] = out.outcomes.back().results;
    seconds[e.name()] = clock.seconds();
  }
  out.results = {{"command", "reproduce"},
                 {"topae_version", std::string(version())},
                 {"config",
                  {{"output", config.output.string()},
                   {"full", config.suite.full},
                   {"seeds", config.suite.seeds},
                   {"only", config.only},
                   {"threads", config.threads}}},
                 {"experiments", experiments},
                 {"seconds", seconds},
                 {"total_seconds", total.seconds()}};
  write_text_atomically(config.output / "results.json", out.results.dump(2) + "\n");
  write_suite_summary(registry, config.output);
  report::write_html_report(config.output);
  return out;
}

}  // namespace topae::experiments
