// topae reproduce [-o DIR] [--quick | --full]
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "topae/experiments/reproduce.hpp"
#include "topae/experiments/surfaces.hpp"

namespace topae::cli {

void add_reproduce(CLI::App& app) {
  struct Options {
    std::string output = "results";
    bool quick = false;
    bool full = false;
    int seeds = 0;
    std::vector<std::string> only;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand("reproduce", "Run the study's experiments and write their results into a folder");
  sub->add_option("-o,--output", opt->output, "Output folder")->capture_default_str();
  auto* quick = sub->add_flag("--quick", opt->quick, "Reduced statistics (the default)");
  sub->add_flag("--full", opt->full, "Publication statistics: more seeds and events")->excludes(quick);
  sub->add_option("--seeds", opt->seeds, "Seeds per configuration (0: the suite's default)")->capture_default_str();
  sub->add_option("--only", opt->only, "Experiments to run, comma-separated (default: all)")->delimiter(',');
  add_common_options(*sub, opt->common);
  add_figure_options(*sub);

  sub->callback([opt] {
    experiments::ReproduceConfig config;
    config.output = opt->output;
    config.full = opt->full;
    config.seeds = opt->seeds;
    config.only = opt->only;
    config.threads = apply_threads(opt->common);
    config.progress = !opt->common.quiet;
    const auto results = experiments::run_reproduce(config);
    if (opt->common.quiet) return;
    for (const auto& name : experiments::suite_experiments())
      if (results["experiments"].contains(name)) fmt::print("{}", experiments::suite_summary(name, results["experiments"][name]));
    fmt::print("results in {}/ ({:.1f} s)\n", opt->output, results["total_seconds"].get<double>());
  });
}

}  // namespace topae::cli
