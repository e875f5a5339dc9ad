#include "topae/report/audit_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/version.hpp"
#include "topae/data/table_io.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/html_page.hpp"
#include "topae/report/html_text.hpp"
#include "topae/report/layers.hpp"

namespace topae::report {

namespace {

Eigen::VectorXd vec(const std::vector<double>& v) { return Eigen::Map<const Eigen::VectorXd>(v.data(), std::ssize(v)); }

Layer horizontal_line(double y, double x0, double x1, std::string title, std::string color) {
  Layer l = xy_layer(Style::lines, {"x", title}, {Eigen::Vector2d(x0, x1), Eigen::Vector2d(y, y)}, title);
  l.color = std::move(color);
  l.line_width = 1.0;
  return l;
}

FigureSpec dimension_scale_figure(const topology::IntrinsicDimension& d) {
  std::vector<double> points, estimate, low, high;
  for (const auto& s : d.scales) {
    points.push_back(static_cast<double>(s.points));
    estimate.push_back(s.two_nn.dimension);
    low.push_back(s.two_nn.low);
    high.push_back(s.two_nn.high);
  }
  FigureSpec f;
  f.title = "TwoNN intrinsic dimension against the scale";
  f.x = {"points in the subsample (fewer: a coarser scale)", std::nullopt, true};
  f.y.label = "intrinsic dimension";
  f.legend = Legend::below;
  f.layers.push_back(xy_layer(Style::linespoints, {"points", "two_nn"}, {vec(points), vec(estimate)}, "TwoNN"));
  f.layers.push_back(xy_layer(Style::lines, {"points", "low"}, {vec(points), vec(low)}, "95 % interval"));
  f.layers.back().color = "#8c8c8c";
  f.layers.back().line_width = 1.0;
  f.layers.push_back(xy_layer(Style::lines, {"points", "high"}, {vec(points), vec(high)}));
  f.layers.back().color = "#8c8c8c";
  f.layers.back().line_width = 1.0;
  f.layers.push_back(horizontal_line(d.rounded, points.back(), points.front(), fmt::format("d = {}", d.rounded),
                                     "#cf222e"));
  return f;
}

FigureSpec levina_bickel_figure(const topology::IntrinsicDimension& d) {
  std::vector<double> k, value;
  for (const auto& p : d.levina_bickel) {
    k.push_back(static_cast<double>(p.k));
    value.push_back(p.dimension);
  }
  FigureSpec f;
  f.title = "Levina-Bickel intrinsic dimension against the neighbourhood size";
  f.x.label = "neighbours k";
  f.y.label = "intrinsic dimension";
  f.legend = Legend::below;
  f.layers.push_back(xy_layer(Style::linespoints, {"k", "levina_bickel"}, {vec(k), vec(value)}, "Levina-Bickel"));
  f.layers.push_back(horizontal_line(d.rounded, k.front(), k.back(), fmt::format("d = {}", d.rounded), "#cf222e"));
  return f;
}

FigureSpec local_pca_figure(const topology::LocalPcaSpectrum& pca) {
  std::vector<double> component, explained, cumulative;
  double sum = 0;
  for (std::size_t c = 0; c < pca.explained.size(); ++c) {
    component.push_back(static_cast<double>(c + 1));
    explained.push_back(pca.explained[c]);
    cumulative.push_back(sum += pca.explained[c]);
  }
  FigureSpec f;
  f.title = fmt::format("Local PCA of {}-neighbour neighbourhoods", pca.k);
  f.x.label = "component";
  f.y = {"share of the variance", Range{0, 1.05}};
  f.legend = Legend::below;
  f.layers.push_back(
      xy_layer(Style::linespoints, {"component", "explained"}, {vec(component), vec(explained)}, "per component"));
  f.layers.push_back(
      xy_layer(Style::linespoints, {"component", "cumulative"}, {vec(component), vec(cumulative)}, "cumulative"));
  return f;
}

// Where the figures draw the death of essential classes: a tenth above the last finite death.
double infinity_line(const topology::Persistence& p) {
  double top = p.feature_threshold;
  for (const auto& b : p.bars)
    if (std::isfinite(b.death)) top = std::max(top, b.death);
  return 1.1 * top;
}

// Dimension by dimension: the finite bars as points, essential ones on a line above them.
FigureSpec persistence_figure(const topology::Persistence& p) {
  const double essential = infinity_line(p);
  FigureSpec f;
  f.title = "Persistence diagram of the landmarks (Vietoris-Rips)";
  f.square = true;
  f.x = {"birth (edge length)", Range{0, essential * 1.02}};
  f.y = {"death (edge length; essential classes on the top line)", Range{0, essential * 1.02}};
  f.legend = Legend::outside_right;
  for (int dim = 0; dim <= p.max_dimension; ++dim) {
    std::vector<double> birth, death;
    for (const auto& b : p.bars) {
      if (b.dimension != dim) continue;
      birth.push_back(b.birth);
      death.push_back(std::isfinite(b.death) ? b.death : essential);
    }
    if (birth.empty()) continue;
    f.layers.push_back(xy_layer(Style::points, {fmt::format("birth_h{}", dim), fmt::format("death_h{}", dim)},
                                {vec(birth), vec(death)}, fmt::format("H{}", dim)));
    f.layers.back().point_size = 1.0;
  }
  const double x1 = essential;
  for (const auto& [offset, title, color] :
       {std::tuple{0.0, "diagonal", "#000000"}, std::tuple{p.noise_threshold, "noise (2 eps)", "#8c8c8c"},
        std::tuple{p.feature_threshold, "feature (4 eps)", "#cf222e"}}) {
    Layer l = xy_layer(Style::lines, {"birth", "death"}, {Eigen::Vector2d(0, x1 - offset), Eigen::Vector2d(offset, x1)},
                       title);
    l.color = color;
    l.line_width = 1.0;
    f.layers.push_back(std::move(l));
  }
  return f;
}

// The longest bars of each dimension drawn in a barcode; H_0 alone has one per landmark.
constexpr std::size_t kBarcodeBars = 40;

FigureSpec barcode_figure(const topology::Persistence& p) {
  const double essential = infinity_line(p);
  FigureSpec f;
  f.title = fmt::format("Barcode: the {} longest bars per dimension", kBarcodeBars);
  f.x = {"edge length", Range{0, essential * 1.02}};
  f.y.label = "bar";
  f.legend = Legend::outside_right;
  double row = 0;
  for (int dim = 0; dim <= p.max_dimension; ++dim) {
    std::vector<topology::PersistenceBar> bars;
    for (const auto& b : p.bars)
      if (b.dimension == dim) bars.push_back(b);
    if (bars.empty()) continue;
    const auto length = [&](const topology::PersistenceBar& b) {
      return std::isfinite(b.death) ? b.length() : std::numeric_limits<double>::infinity();
    };
    std::stable_sort(bars.begin(), bars.end(), [&](const auto& a, const auto& b) { return length(a) > length(b); });
    const std::size_t shown = std::min(bars.size(), kBarcodeBars);
    Eigen::VectorXd birth(static_cast<Index>(shown)), death(birth.size()), y(birth.size());
    for (std::size_t i = 0; i < shown; ++i) {
      birth(static_cast<Index>(i)) = bars[i].birth;
      death(static_cast<Index>(i)) = std::isfinite(bars[i].death) ? bars[i].death : essential;
      y(static_cast<Index>(i)) = ++row;
    }
    f.layers.push_back(xy_layer(Style::segments,
                                {fmt::format("birth_h{}", dim), fmt::format("bar_h{}", dim),
                                 fmt::format("death_h{}", dim), fmt::format("bar_h{}_end", dim)},
                                {birth, y, death, y},
                                shown < bars.size() ? fmt::format("H{} ({} of {})", dim, shown, bars.size())
                                                    : fmt::format("H{}", dim)));
    f.layers.back().line_width = 2.0;
    row += 3;  // a gap between dimensions
  }
  return f;
}

std::string betti_text(const std::vector<std::optional<int>>& betti) {
  std::vector<std::string> parts;
  for (const auto& b : betti) parts.push_back(b ? std::to_string(*b) : "not computed");
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string audit_html(const topology::Audit& a, const std::filesystem::path& data,
                       const std::vector<std::pair<std::string, FigureFiles>>& figures) {
  const std::string title = fmt::format("Topology audit of {}", data.filename().string());
  std::string html = html_page_start(title, std::string(version()));
  html += fmt::format("<header>\n<h1>{}</h1>\n<p class=\"meta\">topae {} &middot; {} of {} events, columns {}</p>\n"
                      "</header>\n",
                      html_escape(title), html_escape(std::string(version())), a.n_points, a.n_events,
                      html_escape(fmt::format("{}", fmt::join(a.columns, ", "))));
  html += "<section id=\"verdict\">\n<h2>Verdict</h2>\n";
  for (const auto& s : a.verdict.summary) html += fmt::format("<p>{}</p>\n", html_escape(s));
  html += "<table>\n<tbody>\n";
  const auto row = [&](const std::string& name, const std::string& value) {
    html += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", html_escape(name), html_escape(value));
  };
  row("smallest latent dimension without a tear", std::to_string(a.verdict.min_latent_dim));
  row("latent geometry", a.verdict.latent_geometry);
  row("why", a.verdict.argument);
  row("confident", a.verdict.confident ? "yes" : "no");
  row("intrinsic dimension", fmt::format("{:.2f} (95 % range over scales {:.2f} to {:.2f}; d = {})",
                                         a.dimension.estimate, a.dimension.low, a.dimension.high, a.dimension.rounded));
  row("Betti numbers b_0, b_1, ...", betti_text(a.betti()));
  row("homology", a.homology_note);
  if (a.homology) {
    row("landmarks", fmt::format("{}, covering radius eps = {:.3g}; bars longer than 4 eps = {:.3g} are features, "
                                 "bars up to 2 eps noise",
                                 a.homology->landmarks.index.size(), a.homology->landmarks.covering_radius,
                                 a.homology->feature_threshold));
  }
  row("singular points", a.singular.found ? fmt::format("found: {} points around one", a.singular.largest_group.size())
                                          : fmt::format("none ({} points flagged, none in a group)", a.singular.flagged.size()));
  if (a.antipodal) {
    row("antipodal symmetry",
        fmt::format("{} (image distance {:.3g} against neighbour distance {:.3g}; smallest separation {:.3g})",
                    a.antipodal->holds() ? "holds" : "does not hold", a.antipodal->image_distance,
                    a.antipodal->neighbour_distance, a.antipodal->min_separation));
  }
  html += "</tbody>\n</table>\n</section>\n<section id=\"figures\">\n<h2>Figures</h2>\n";
  for (const auto& [caption, files] : figures)
    if (!files.png.empty()) html += html_figure(files.png, caption);
  html += "</section>\n</body>\n</html>\n";
  return html;
}

// The captions of the figures, by stem.
std::string caption(const std::string& stem) {
  if (stem == "dimension_scale")
    return "TwoNN on nested random subsamples: noise raises the estimate at fine scales (many points), curvature "
           "lowers it at coarse ones; a plateau is the dimension.";
  if (stem == "levina_bickel") return "Levina-Bickel over the neighbourhood size k: the same scale dependence in k.";
  if (stem == "local_pca") return "Share of a neighbourhood's variance per principal component, averaged over points.";
  if (stem == "persistence")
    return "Each class is born and dies at an edge length; points far above the red line are features, points "
           "below the grey line noise.";
  return "The same classes as bars from birth to death, longest first; bars reaching the right edge never die. A "
         "feature's bar is longer than the feature line's length in the diagram (4 eps).";
}

}  // namespace

nlohmann::json AuditReportSpec::to_json() const {
  return {{"data", data.string()},
          {"columns", columns},
          {"antipodal", antipodal},
          {"max_points", settings.max_points},
          {"neighbours", settings.neighbours},
          {"landmarks", settings.landmarks},
          {"max_homology_dimension", settings.max_homology_dimension},
          {"seed", settings.seed},
          {"output", output.string()}};
}

std::vector<std::pair<std::string, FigureSpec>> audit_figures(const topology::Audit& a) {
  std::vector<std::pair<std::string, FigureSpec>> figures{{"dimension_scale", dimension_scale_figure(a.dimension)},
                                                          {"levina_bickel", levina_bickel_figure(a.dimension)},
                                                          {"local_pca", local_pca_figure(a.dimension.local_pca)}};
  if (a.homology) {
    figures.emplace_back("persistence", persistence_figure(*a.homology));
    figures.emplace_back("barcode", barcode_figure(*a.homology));
  }
  return figures;
}

topology::Audit write_audit_report(const AuditReportSpec& spec) {
  const data::Dataset table = data::read_table(spec.data, spec.read);
  const std::vector<std::string> columns = spec.columns.empty() ? table.feature_columns() : spec.columns;
  const Table values = table.select(columns, spec.data.string());
  topology::AuditSettings settings = spec.settings;
  settings.antipodal_columns.clear();
  for (const auto& name : spec.antipodal) {
    const auto at = std::find(columns.begin(), columns.end(), name);
    if (at == columns.end()) {
      throw InputError(fmt::format("--antipodal: '{}' is not one of the audited columns ({})", name,
                                   fmt::join(columns, ", ")));
    }
    settings.antipodal_columns.push_back(at - columns.begin());
  }
  topology::Audit audit;
  try {
    audit = topology::audit(values, columns, settings);
  } catch (const InputError& e) {
    throw InputError(spec.data, e.what());
  }

  const auto figures = audit_figures(audit);
  if (std::filesystem::exists(spec.output) && !std::filesystem::is_directory(spec.output))
    throw InputError(spec.output, "exists and is not a folder");
  std::filesystem::create_directories(spec.output);
  const auto json_path = spec.output / "audit.json";
  const auto html_path = spec.output / "index.html";
  check_output_path(json_path);
  check_output_path(html_path);
  for (const auto& [stem, figure] : figures) check_figure_paths(figure, spec.output / stem);

  std::vector<std::pair<std::string, FigureFiles>> drawn;
  nlohmann::ordered_json files = nlohmann::ordered_json::object();
  for (const auto& [stem, figure] : figures) {
    drawn.emplace_back(caption(stem), write_figure(figure, spec.output / stem));
    const auto& png = drawn.back().second.png;
    files[stem] = png.empty() ? nlohmann::json(nullptr) : nlohmann::json(png.filename().string());
  }
  nlohmann::ordered_json j{{"command", "audit"}, {"topae_version", std::string(version())}, {"config", spec.to_json()}};
  nlohmann::ordered_json found = audit.to_json();
  for (auto& [key, value] : found.items()) j[key] = std::move(value);
  j["figures"] = files;
  write_text_atomically(json_path, j.dump(2) + "\n");
  write_text_atomically(html_path, audit_html(audit, spec.data, drawn));
  return audit;
}

}  // namespace topae::report
