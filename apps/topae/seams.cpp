// topae seams MODEL DATA -o DIR
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/report/seams_report.hpp"

namespace topae::cli {

void add_seams(CLI::App& app) {
  auto spec = std::make_shared<report::SeamsReportSpec>();
  auto common = std::make_shared<CommonOptions>();
  auto& s = spec->settings;
  auto* sub = app.add_subcommand(
      "seams", "Find where a model tears its data: events whose neighbours get distant latent codes (docs/cli.md)");
  sub->add_option("MODEL", spec->model, "Model file written by topae train")->required();
  sub->add_option("DATA", spec->data, "Events (.csv or .h5) with the model's columns")->required();
  sub->add_option("-o,--output", spec->output,
                  "Output folder: seams.json, events.h5 (or .csv), index.html and the figures")
      ->required();
  sub->add_option("--columns", spec->columns,
                  "Columns the seams' centres and the figures are given in (default: the model's)")
      ->delimiter(',');
  sub->add_option("--neighbours", s.neighbours, "Nearest neighbours of each event in the inputs (the graph's edges)")
      ->capture_default_str();
  sub->add_option("--outlier-sigmas", s.outlier_sigmas,
                  "A torn edge's log stretch lies this many robust sigmas (1.4826 MAD) above the median")
      ->capture_default_str();
  sub->add_option("--min-stretch", s.min_stretch, "... and its stretch at least this many times the typical one")
      ->capture_default_str();
  sub->add_option("--min-cluster-size", s.min_cluster_size, "Seams of fewer events are dropped")->capture_default_str();
  sub->add_option("--top-error-quantile", s.top_error_quantile,
                  "The top errors are the events at or above this quantile of the error, in (0, 1)")
      ->capture_default_str();
  sub->add_option("--exact-up-to", s.exact_up_to,
                  "Exact nearest neighbours up to this many events; approximate (--approximate-eps) above")
      ->capture_default_str();
  sub->add_option("--approximate-eps", s.approximate_eps, "nanoflann's eps for the approximate search")
      ->capture_default_str();
  sub->add_option("--max-points", spec->max_points, "Analyse a seeded random subset of at most N events (0: all)")
      ->capture_default_str();
  sub->add_option("--seed", spec->seed, "Seed of the --max-points subset")->capture_default_str();
  sub->add_option("--format", spec->format, "Events table: h5 or csv")
      ->check(CLI::IsMember({"h5", "csv"}))
      ->capture_default_str();
  add_read_options(*sub, spec->read);
  add_common_options(*sub, *common);
  add_figure_options(*sub);

  sub->callback([spec, common] {
    spec->threads = apply_threads(*common);
    const InputGuard guard({spec->model, spec->data});
    const auto found = report::write_seams_report(*spec);
    const auto& result = found.seams;
    if (common->quiet) return;

    const std::string share = result.n_top_errors == 0
                                  ? "none"
                                  : fmt::format("{} of {} ({:.3g})", result.n_top_errors_on_seam, result.n_top_errors,
                                                result.seam_fraction_of_top_errors);
    fmt::print("seams of {} events: {} on {} seam{} (torn above {:.3g}x the typical stretch); top errors (q {}) on a "
               "seam: {} -> {}\n",
               result.n_events, result.n_seam_events, result.seams.size(), result.seams.size() == 1 ? "" : "s",
               result.threshold, spec->settings.top_error_quantile, share, spec->output.string());
  });
}

}  // namespace topae::cli
