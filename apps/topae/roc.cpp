// topae roc SCORES --score error --label label [--weight weight | --no-weight] -o roc.json
#include <fmt/core.h>

#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/report/roc_report.hpp"

namespace topae::cli {

void add_roc(CLI::App& app) {
  struct Options {
    report::RocReportSpec spec;
    std::string scores;
    std::string output;
    std::string weight = "weight";
    bool no_weight = false;
    bool quiet = false;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "roc", "ROC analysis of a score (higher = more signal-like): AUC, SIC, rejection; roc.json and figures");
  sub->add_option("SCORES", opt->scores, "Table with the score and the labels (.csv or .h5), e.g. from topae score")
      ->required();
  sub->add_option("--score", opt->spec.score, "Score column ('label' or 'weight': the table's label or weight)")
      ->capture_default_str();
  sub->add_option("--label", opt->spec.label, "Label: 'label' (the table's label) or a column of integers")
      ->capture_default_str();
  auto* weight = sub->add_option("--weight", opt->weight,
                                 "Event weights: 'weight' (the table's weight, 1 if it has none) or a column")
                     ->capture_default_str();
  sub->add_flag("--no-weight", opt->no_weight, "Every event weighs 1")->excludes(weight);
  sub->add_option("--signal-label", opt->spec.signal_label, "Events with this label are signal, all others background")
      ->capture_default_str();
  sub->add_option_function<std::string>(
         "--sic-min-eff-b", [opt](const std::string& text) { opt->spec.sic_min_eff_b = report::parse_sic_floor(text); },
         "Smallest eff_b in (0, 1] where the maximum SIC is searched; auto: min(1, max(1e-4, 10 background events' "
         "share))")
      ->default_str("auto");
  sub->add_option("-o,--output", opt->output, "JSON file to write; the figures go beside it")->required();
  sub->add_flag("--quiet", opt->quiet, "No summary");
  add_read_options(*sub, opt->spec.read);
  add_figure_options(*sub);

  sub->callback([opt] {
    auto& spec = opt->spec;
    spec.scores = opt->scores;
    spec.output = opt->output;
    spec.weight = opt->no_weight ? std::nullopt : std::optional<std::string>(opt->weight);
    const InputGuard guard({opt->scores});
    const auto report = report::write_roc_report(spec);
    if (!opt->quiet) fmt::print("{}\n", report::summary_line(report.summary, opt->output));
  });
}

}  // namespace topae::cli
