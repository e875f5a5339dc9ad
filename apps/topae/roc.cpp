// topae roc SCORES --score error --label label [--weight weight | --no-weight] -o roc.json
#include <fmt/core.h>

#include <algorithm>
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
    double sic_min_eff_b = 0;
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
  auto* floor = sub->add_option("--sic-min-eff-b", opt->sic_min_eff_b,
                                "Smallest eff_b where the maximum SIC is searched (default: max(1e-4, 10 background "
                                "events' share))");
  sub->add_option("-o,--output", opt->output, "JSON file to write; the figures go beside it")->required();
  sub->add_flag("--quiet", opt->quiet, "No summary");
  add_figure_options(*sub);

  sub->callback([opt, floor] {
    auto& spec = opt->spec;
    spec.scores = opt->scores;
    spec.output = opt->output;
    spec.weight = opt->no_weight ? std::nullopt : std::optional<std::string>(opt->weight);
    if (floor->count() > 0) spec.sic_min_eff_b = opt->sic_min_eff_b;
    const InputGuard guard({opt->scores});
    const auto report = report::write_roc_report(spec);
    if (opt->quiet) return;

    const auto& s = report.summary;
    const auto& r50 = *std::find_if(s.rejection.begin(), s.rejection.end(),
                                    [](const analysis::RejectionPoint& r) { return r.eff_s == 0.5; });
    fmt::print(
        "{} signal / {} background events: AUC {:.4f} +- {:.4f}; rejection {:.4g} at eff_s {}; "
        "max SIC {:.3g} at eff_s {:.3g}, eff_b {:.3g} -> {}\n",
        s.n_signal, s.n_background, s.auc, s.auc_error, r50.rejection, r50.eff_s, s.max_sic.sic, s.max_sic.eff_s,
        s.max_sic.eff_b, opt->output);
  });
}

}  // namespace topae::cli
