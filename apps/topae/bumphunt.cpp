// topae bumphunt SCORES --mass COL [--score COL] [--cut-quantiles ...] [--reference BKG] -o DIR
#include <fmt/core.h>

#include <memory>
#include <optional>

#include "commands.hpp"
#include "topae/analysis/mass_scan.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/data/table_io.hpp"
#include "topae/report/mass_scan.hpp"

namespace topae::cli {

void add_bumphunt(CLI::App& app) {
  struct Options {
    std::string scores;
    std::string reference;
    std::string output;
    std::vector<double> range;
    std::string fit_function = "exp_poly";
    std::vector<double> signal_window;
    report::MassFigureStyle style;
    analysis::MassScanSpec spec;
    data::ReadOptions read;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto& spec = opt->spec;
  auto* sub = app.add_subcommand(
      "bumphunt", "BumpHunter search in a mass spectrum before and after cuts on an anomaly score (docs/cli.md)");
  sub->add_option("SCORES", opt->scores, "Events with the mass and score columns (.csv or .h5), e.g. from topae score")
      ->required();
  sub->add_option("--mass", spec.mass, "Column histogrammed and hunted in")->required();
  sub->add_option("--score", spec.score, "Column cut on (its quantiles over SCORES set the thresholds)");
  sub->add_option("--cut-quantiles", spec.cut_quantiles,
                  "Keep events with score strictly above these quantiles of the score, each in [0, 1)")
      ->delimiter(',');
  sub->add_option("--reference", opt->reference,
                  "Background-only events with the same columns: the expectation (else a side-band fit)");
  sub->add_option("--bins", spec.bins, "Bins of the mass histogram");
  sub->add_option("--range", opt->range, "LO,HI: mass range [LO, HI) (default: the data's minimum to maximum)")
      ->delimiter(',')
      ->expected(2);
  sub->add_option("--min-width", spec.hunter.min_width, "Narrowest window, in bins");
  sub->add_option("--max-width", spec.hunter.max_width, "Widest window, in bins (0: half the bins)");
  sub->add_option("--pseudo", spec.hunter.pseudo_experiments, "Background-only pseudo-experiments for the global p");
  sub->add_option("--seed", spec.hunter.seed, "Pseudo-experiment j uses the random stream (seed, j), for every cut");
  sub->add_flag("--deficits", spec.hunter.deficits, "Also hunt for deficits");
  sub->add_flag("--reference-error", spec.hunter.reference_error,
                "With --reference: treat the reference as the Poisson sample it is (on/off p-value, reference "
                "redrawn in every pseudo-experiment) instead of exact");
  sub->add_option("--fit-degree", spec.hunter.fit_degree,
                  "Without --reference: degree of the polynomial in the exponent of the side-band fit");
  sub->add_option("--fit-function", opt->fit_function,
                  "Without --reference: the side-band fit, exp_poly (exp of a polynomial, --fit-degree) or dijet "
                  "(p0 (1 - x)^p1 / x^(p2 + p3 ln x), x = m / --sqrt-s)")
      ->capture_default_str();
  sub->add_option("--sqrt-s", spec.hunter.sqrt_s, "The dijet function's sqrt(s) (0: the upper edge of --range)")
      ->capture_default_str();
  sub->add_option("--unit", opt->style.unit, "The mass's unit, for the figures' axes (e.g. GeV)");
  sub->add_option("--signal-window", opt->signal_window, "LO,HI: a signal window to mark in the figures")
      ->delimiter(',')
      ->expected(2);
  sub->add_option("-o,--output", opt->output, "Output folder: results.json and one figure per cut")->required();
  add_read_options(*sub, opt->read);
  add_common_options(*sub, opt->common);
  add_figure_options(*sub);

  sub->callback([opt] {
    const int threads = apply_threads(opt->common);
    auto& spec = opt->spec;
    if (!opt->range.empty()) spec.range = std::make_pair(opt->range[0], opt->range[1]);
    if (!opt->signal_window.empty()) opt->style.signal_window = std::make_pair(opt->signal_window[0], opt->signal_window[1]);
    // Bad flags fail before any file is read.
    spec.hunter.fit_function = analysis::fit_function_from_string(opt->fit_function);
    spec.hunter.background = opt->reference.empty() ? analysis::Background::sideband_fit : analysis::Background::reference;
    spec.validate();
    const InputGuard guard({opt->scores, opt->reference});
    check_output_path(std::filesystem::path(opt->output) / "results.json");
    const auto data = data::read_table(opt->scores, opt->read);
    std::optional<data::Dataset> reference;
    if (!opt->reference.empty()) reference = data::read_table(opt->reference, opt->read);
    const auto result = analysis::run_mass_scan(spec, data, opt->scores, reference ? &*reference : nullptr,
                                                opt->reference);
    nlohmann::json inputs = {{"scores", opt->scores}, {"threads", threads}};
    inputs["reference"] = opt->reference.empty() ? nlohmann::json(nullptr) : nlohmann::json(opt->reference);
    report::write_mass_scan(result, opt->output, inputs, opt->style);
    if (opt->common.quiet) return;

    fmt::print("{}", report::summary_text(result, data.n_events(), opt->reference, opt->output));
  });
}

}  // namespace topae::cli
