// topae report DIR [--quiet]
#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <string>

#include "commands.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/experiments/summary.hpp"
#include "topae/report/html_report.hpp"

namespace topae::cli {

void add_report(CLI::App& app, const experiments::Registry& registry) {
  struct Options {
    std::string dir;
    bool quiet = false;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "report", "Rebuild DIR/summary.json and DIR/report.html from the results of topae reproduce -o DIR, without retraining");
  sub->add_option("DIR", opt->dir, "Results folder of topae reproduce (holding results.json)")->required();
  sub->add_flag("--quiet", opt->quiet, "Print nothing");

  sub->callback([opt, &registry] {
    const std::filesystem::path dir = opt->dir;
    const InputGuard guard({dir / "results.json"});
    // The content, DIR/summary.json, made again from DIR/results.json (no retraining), then the page.
    experiments::write_suite_summary(registry, dir);
    const auto written = report::write_html_report(dir);
    if (!opt->quiet) fmt::print("report -> {}\n", written.string());
  });
}

}  // namespace topae::cli
