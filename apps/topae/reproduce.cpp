// topae reproduce [-o DIR] [--quick | --full]
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "topae/experiments/reproduce.hpp"

namespace topae::cli {

void add_reproduce(CLI::App& app, const experiments::Registry& registry) {
  struct Options {
    experiments::ReproduceConfig config;
    bool quick = false;
    std::string output = "results";
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand("reproduce", "Run the study's experiments and write their results into a folder");
  sub->add_option("-o,--output", opt->output, "Output folder")->capture_default_str();
  auto* quick = sub->add_flag("--quick", opt->quick, "Reduced statistics (the default)");
  sub->add_flag("--full", opt->config.suite.full, "Publication statistics: more seeds and events")->excludes(quick);
  sub->add_option("--seeds", opt->config.suite.seeds, "Seeds per configuration (0: the suite's default)")
      ->capture_default_str();
  sub->add_option("--only", opt->config.only, "Experiments to run, comma-separated (default: all)")->delimiter(',');
  add_common_options(*sub, opt->common);
  add_figure_options(*sub);

  sub->callback([opt, &registry] {
    auto config = opt->config;
    config.output = opt->output;
    config.threads = apply_threads(opt->common);
    config.progress = !opt->common.quiet;
    const auto done = experiments::run_reproduce(registry, config);
    if (opt->common.quiet) return;
    for (const auto& outcome : done.outcomes) fmt::print("{}", outcome.summary);
    fmt::print("results in {}/ ({:.1f} s)\n", opt->output, done.results["total_seconds"].get<double>());
  });
}

}  // namespace topae::cli
