#include "topae/report/seams_report.hpp"

#include <nlohmann/json.hpp>

#include "topae/core/atomic_file.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/core/version.hpp"
#include "topae/data/table_io.hpp"
#include "topae/nn/model.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/seams_page.hpp"

namespace topae::report {

namespace {

// One row per seam: its centre in the seams' columns.
Table seam_centres(const topology::SeamResult& result, Index n_columns) {
  Table centres(static_cast<Index>(result.seams.size()), n_columns);
  for (std::size_t c = 0; c < result.seams.size(); ++c)
    for (Index j = 0; j < n_columns; ++j)
      centres(static_cast<Index>(c), j) = result.seams[c].centre[static_cast<std::size_t>(j)];
  return centres;
}

}  // namespace

analysis::ModelSeams write_seams_report(const SeamsReportSpec& spec) {
  spec.settings.validate();
  checks::check_flag_at_least("--max-points", spec.max_points, 0);
  const std::filesystem::path& dir = spec.output;
  const auto events_file = dir / ("events." + spec.format);
  if (std::filesystem::exists(dir) && !std::filesystem::is_directory(dir))
    throw InputError(dir, "the output folder exists and is not a folder");
  for (const auto& name : {"seams.json", "index.html"}) check_output_path(dir / name);
  check_output_path(events_file);

  const auto model = nn::load_model(spec.model);
  const auto input = data::read_table(spec.data, spec.read);
  std::vector<Index> rows;  // empty: all
  if (spec.max_points > 0 && spec.max_points < input.n_events())
    rows = random_subset(input.n_events(), spec.max_points, spec.seed);
  auto found = analysis::model_seams(model, input, rows, spec.columns, spec.settings, spec.data.string(),
                                     spec.model.string());
  const auto& result = found.seams;
  const auto events = analysis::seam_events_table(input, found, spec.data.string());

  std::vector<SeamFigure> figures;
  if (found.raw.cols() >= 2) {
    figures = seam_figures(found.raw, found.columns, result.seam_score, result.on_seam,
                           seam_centres(result, found.raw.cols()));
  }
  for (const auto& f : figures) check_figure_paths(f.figure, dir / f.stem);

  nlohmann::json j = {{"command", "seams"},
                      {"topae_version", std::string(version())},
                      {"model", spec.model.string()},
                      {"data", spec.data.string()},
                      {"model_columns", model.columns},
                      {"n_events_in_data", input.n_events()},
                      {"max_points", spec.max_points},
                      {"seed", spec.seed},
                      {"threads", spec.threads},
                      {"events_table", events_file.filename().string()}};
  nlohmann::json body = result.to_json();
  for (auto& [key, value] : body.items()) j[key] = std::move(value);
  std::vector<PageFigure> shown;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& f : figures) {
    const auto files = write_figure(f.figure, dir / f.stem);
    shown.push_back({files.png, f.caption});
    listed.push_back({{"path", f.stem + ".png"}, {"caption", f.caption}, {"drawn", !files.png.empty()}});
  }
  j["figures"] = listed;
  data::write_table(events, events_file);
  write_text_atomically(dir / "index.html", seams_page(j, shown));
  write_text_atomically(dir / "seams.json", j.dump(2) + "\n");
  return found;
}

}  // namespace topae::report
