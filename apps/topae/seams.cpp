// topae seams MODEL DATA -o DIR
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <memory>

#include "commands.hpp"
#include "topae/analysis/model_seams.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/rng.hpp"
#include "topae/core/version.hpp"
#include "topae/data/table_io.hpp"
#include "topae/nn/model.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/seams_page.hpp"

namespace topae::cli {

void add_seams(CLI::App& app) {
  struct Options {
    std::string model;
    std::string data;
    std::string output;
    std::vector<std::string> columns;
    topology::SeamSettings settings;
    Index max_points = 0;
    std::uint64_t seed = 1;
    std::string format = "h5";
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto& s = opt->settings;
  auto* sub = app.add_subcommand(
      "seams", "Find where a model tears its data: events whose neighbours get distant latent codes (docs/cli.md)");
  sub->add_option("MODEL", opt->model, "Model file written by topae train")->required();
  sub->add_option("DATA", opt->data, "Events (.csv or .h5) with the model's columns")->required();
  sub->add_option("-o,--output", opt->output,
                  "Output folder: seams.json, events.h5 (or .csv), index.html and the figures")
      ->required();
  sub->add_option("--columns", opt->columns,
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
  sub->add_option("--max-points", opt->max_points, "Analyse a seeded random subset of at most N events (0: all)")
      ->capture_default_str();
  sub->add_option("--seed", opt->seed, "Seed of the --max-points subset")->capture_default_str();
  sub->add_option("--format", opt->format, "Events table: h5 or csv")
      ->check(CLI::IsMember({"h5", "csv"}))
      ->capture_default_str();
  add_common_options(*sub, opt->common);
  add_figure_options(*sub);

  sub->callback([opt] {
    const int threads = apply_threads(opt->common);
    opt->settings.validate();
    checks::check_flag_at_least("--max-points", opt->max_points, 0);
    const std::filesystem::path dir = opt->output;
    const auto events_file = dir / ("events." + opt->format);
    const InputGuard guard({opt->model, opt->data});
    if (std::filesystem::exists(dir) && !std::filesystem::is_directory(dir))
      throw InputError(dir, "the output folder exists and is not a folder");
    for (const auto& name : {"seams.json", "index.html"}) check_output_path(dir / name);
    check_output_path(events_file);

    const auto model = nn::load_model(opt->model);
    const auto input = data::read_table(opt->data);
    std::vector<Index> rows;  // empty: all
    if (opt->max_points > 0 && opt->max_points < input.n_events())
      rows = random_subset(input.n_events(), opt->max_points, opt->seed);
    const auto found = analysis::model_seams(model, input, rows, opt->columns, opt->settings, opt->data, opt->model);
    const auto& result = found.seams;
    const auto events = analysis::seam_events_table(input, found, opt->data);
    const Table& raw = found.raw;
    const auto& columns = found.columns;

    Table centres(static_cast<Index>(result.seams.size()), raw.cols());
    for (std::size_t c = 0; c < result.seams.size(); ++c)
      for (Index j = 0; j < raw.cols(); ++j) centres(static_cast<Index>(c), j) = result.seams[c].centre[static_cast<std::size_t>(j)];
    std::vector<report::SeamFigure> figures;
    if (raw.cols() >= 2) figures = report::seam_figures(raw, columns, result.seam_score, result.on_seam, centres);
    for (const auto& f : figures) report::check_figure_paths(f.figure, dir / f.stem);

    nlohmann::json j = {{"command", "seams"},
                        {"topae_version", std::string(version())},
                        {"model", opt->model},
                        {"data", opt->data},
                        {"model_columns", model.columns},
                        {"n_events_in_data", input.n_events()},
                        {"max_points", opt->max_points},
                        {"seed", opt->seed},
                        {"threads", threads},
                        {"events_table", events_file.filename().string()}};
    nlohmann::json body = result.to_json();
    for (auto& [key, value] : body.items()) j[key] = std::move(value);
    std::vector<report::PageFigure> shown;
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& f : figures) {
      const auto files = report::write_figure(f.figure, dir / f.stem);
      shown.push_back({files.png, f.caption});
      listed.push_back({{"path", f.stem + ".png"}, {"caption", f.caption}, {"drawn", !files.png.empty()}});
    }
    j["figures"] = listed;
    data::write_table(events, events_file);
    write_text_atomically(dir / "index.html", report::seams_page(j, shown));
    write_text_atomically(dir / "seams.json", j.dump(2) + "\n");
    if (opt->common.quiet) return;

    const std::string share = result.n_top_errors == 0
                                  ? "none"
                                  : fmt::format("{} of {} ({:.3g})", result.n_top_errors_on_seam, result.n_top_errors,
                                                result.seam_fraction_of_top_errors);
    fmt::print("seams of {} events: {} on {} seam{} (torn above {:.3g}x the typical stretch); top errors (q {}) on a "
               "seam: {} -> {}\n",
               result.n_events, result.n_seam_events, result.seams.size(), result.seams.size() == 1 ? "" : "s",
               result.threshold, opt->settings.top_error_quantile, share, opt->output);
  });
}

}  // namespace topae::cli
