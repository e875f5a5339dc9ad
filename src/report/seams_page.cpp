#include "topae/report/seams_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "topae/core/error.hpp"
#include "topae/report/html_page.hpp"
#include "topae/report/html_text.hpp"
#include "topae/report/layers.hpp"

namespace topae::report {
namespace {

// Every m-th of `rows` so that at most kMaxSeamFigurePoints are left.
std::vector<Index> thinned(const std::vector<Index>& rows) {
  const auto n = static_cast<Index>(rows.size());
  if (n <= kMaxSeamFigurePoints) return rows;
  const Index step = (n + kMaxSeamFigurePoints - 1) / kMaxSeamFigurePoints;
  std::vector<Index> kept;
  for (Index i = 0; i < n; i += step) kept.push_back(rows[static_cast<std::size_t>(i)]);
  return kept;
}

Eigen::VectorXd pick(const Eigen::Ref<const Eigen::VectorXd>& v, const std::vector<Index>& rows) {
  Eigen::VectorXd out(static_cast<Index>(rows.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) out(static_cast<Index>(r)) = v(rows[r]);
  return out;
}

// A column name as a piece of a file stem: letters, digits, '-' and '_'; others as '_'.
std::string stem_piece(const std::string& name) {
  std::string out;
  for (const unsigned char c : name) out += std::isalnum(c) || c == '-' || c == '_' ? static_cast<char>(c) : '_';
  return out;
}

std::string number(const nlohmann::json& v) {
  if (v.is_null()) return "&ndash;";
  if (v.is_number_integer() || v.is_number_unsigned()) return fmt::format("{}", v.get<long long>());
  if (v.is_number()) return fmt::format("{:.4g}", v.get<double>());
  return html_escape(v.dump());
}

std::string row(const std::string& name, const std::string& value) {
  return fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(name), value);
}

std::string numbers_html(const nlohmann::json& j) {
  const auto& s = j.at("settings");
  const double q = j.at("top_error_quantile").get<double>();
  std::string html = "<table class=\"numbers\">\n<tbody>\n";
  html += row("events analysed", fmt::format("{} of {}", number(j.at("n_events")), number(j.at("n_events_in_data"))));
  html += row("events on a seam", number(j.at("n_seam_events")));
  html += row("seams", fmt::format("{}", j.at("seams").size()));
  html += row("flagged events in groups below the minimum size", number(j.at("n_isolated_events")));
  html += row(fmt::format("top errors (error at or above its {} quantile, {})", q, number(j.at("top_error_threshold"))),
              number(j.at("n_top_errors")));
  html += row("share of the top errors on a seam", number(j.at("seam_fraction_of_top_errors")));
  const auto exp_of = [](const nlohmann::json& log) { return number(nlohmann::json(std::exp(log.get<double>()))); };
  html += row("typical stretch (median)", exp_of(j.at("stretch").at("median")));
  html += row("robust sigma of the log stretch", number(j.at("stretch").at("sigma")));
  html += row("torn above (times the typical stretch)", number(j.at("threshold")));
  html += row("neighbours", fmt::format("{} ({} search)", number(s.at("neighbours")),
                                        html_escape(j.at("neighbour_search").get<std::string>())));
  html += row("typical code stretch |dz| / |dx| (for information)", exp_of(j.at("code_stretch").at("median")));
  html += row("share of flagged events a faithful model stays below (normal bound)",
              number(j.at("null_seam_fraction_bound")));
  return html + "</tbody>\n</table>\n";
}

std::string seams_table_html(const nlohmann::json& j) {
  const auto& seams = j.at("seams");
  if (seams.empty()) return "<p>No seam: no group of events has neighbours torn apart in latent space.</p>\n";
  const auto columns = j.at("columns").get<std::vector<std::string>>();
  std::string html = "<table class=\"seams\">\n<thead><tr><th>seam</th><th>events</th>";
  for (const auto& c : columns) html += fmt::format("<th>{} (centre &plusmn; spread)</th>", html_escape(c));
  html += "<th>peak seam score</th><th>mean error</th></tr></thead>\n<tbody>\n";
  int n = 0;
  for (const auto& seam : seams) {
    html += fmt::format("<tr><td>{}</td><td>{}</td>", ++n, number(seam.at("size")));
    for (const auto& c : columns)
      html += fmt::format("<td>{} &plusmn; {}</td>", number(seam.at("centre").at(c)), number(seam.at("spread").at(c)));
    html += fmt::format("<td>{}</td><td>{}</td></tr>\n", number(seam.at("peak_seam_score")), number(seam.at("mean_error")));
  }
  return html + "</tbody>\n</table>\n";
}

std::string figures_html(const std::vector<PageFigure>& figures) {
  std::string html;
  int missing = 0;
  for (const auto& f : figures) {
    if (f.image.empty()) {
      ++missing;
      continue;
    }
    html += html_figure(f.image, f.caption);
  }
  if (missing > 0)
    html += fmt::format("<p class=\"meta\">{} figure{} not drawn (--no-figures, or no gnuplot).</p>\n", missing,
                        missing == 1 ? "" : "s");
  return html;
}

}  // namespace

std::vector<std::pair<Index, Index>> largest_variance_pairs(const Table& values) {
  if (values.cols() < 2 || values.rows() < 1)
    throw InputError(fmt::format("seam figures: need at least 2 columns and 1 event, got {} x {}", values.rows(),
                                 values.cols()));
  const Eigen::RowVectorXd mean = values.colwise().mean();
  const Eigen::RowVectorXd variance = (values.rowwise() - mean).array().square().colwise().mean();
  std::vector<Index> order(static_cast<std::size_t>(values.cols()));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return variance(a) > variance(b); });
  order.resize(std::min<std::size_t>(3, order.size()));
  std::vector<std::pair<Index, Index>> pairs;
  for (std::size_t a = 0; a < order.size(); ++a)
    for (std::size_t b = a + 1; b < order.size(); ++b) pairs.emplace_back(order[a], order[b]);
  return pairs;
}

std::vector<SeamFigure> seam_figures(const Table& values, const std::vector<std::string>& columns,
                                     const Eigen::VectorXd& seam_score, const std::vector<std::uint8_t>& on_seam,
                                     const Table& centres) {
  const Index n = values.rows();
  if (static_cast<Index>(columns.size()) != values.cols() || seam_score.size() != n ||
      static_cast<Index>(on_seam.size()) != n || (centres.rows() > 0 && centres.cols() != values.cols()))
    throw InputError(fmt::format("seam figures: {} x {} values, {} names, {} scores, {} seam flags, {} x {} centres",
                                 n, values.cols(), columns.size(), seam_score.size(), on_seam.size(), centres.rows(),
                                 centres.cols()));
  std::vector<Index> all(static_cast<std::size_t>(n)), seam;
  std::iota(all.begin(), all.end(), Index{0});
  for (Index i = 0; i < n; ++i)
    if (on_seam[static_cast<std::size_t>(i)]) seam.push_back(i);
  const auto events = thinned(all);
  const auto seam_events = thinned(seam);
  const auto shown = [](const std::vector<Index>& drawn, std::size_t of) {
    return drawn.size() == of ? fmt::format("{}", of) : fmt::format("{} of {}", drawn.size(), of);
  };

  std::vector<SeamFigure> out;
  for (const auto& [a, b] : largest_variance_pairs(values)) {
    const auto& ca = columns[static_cast<std::size_t>(a)];
    const auto& cb = columns[static_cast<std::size_t>(b)];
    SeamFigure f;
    f.stem = "seams_" + stem_piece(ca) + "_" + stem_piece(cb);
    FigureSpec& fig = f.figure;
    fig.title = seam.empty() ? fmt::format("No seam in ({}, {})", ca, cb)
                             : fmt::format("Seams in ({}, {}): {} events on {} seam{}", ca, cb, seam.size(),
                                           centres.rows(), centres.rows() == 1 ? "" : "s");
    fig.x.label = ca;
    fig.y.label = cb;
    fig.legend = Legend::below;
    fig.color_bar.label = "seam score (largest stretch / typical)";
    fig.color_bar.log = true;
    Layer background = xy_layer(Style::points, {ca, cb}, {pick(values.col(a), events), pick(values.col(b), events)},
                                fmt::format("events ({})", shown(events, all.size())));
    background.color = "#c0c0c0";
    background.point_size = 0.4;
    fig.layers.push_back(std::move(background));
    if (!seam.empty()) {
      // The centres under the seam events: a black ring around the coloured points.
      Layer centre = xy_layer(Style::points, {"centre_" + ca, "centre_" + cb},
                              {Eigen::VectorXd(centres.col(a)), Eigen::VectorXd(centres.col(b))}, "seam centres");
      centre.color = "#000000";
      centre.point_size = 2.0;
      fig.layers.push_back(std::move(centre));
      Layer events_on_seam = xy_layer(Style::colored_points, {"seam_" + ca, "seam_" + cb, "seam_score"},
                                      {pick(values.col(a), seam_events), pick(values.col(b), seam_events),
                                       pick(seam_score, seam_events)},
                                      fmt::format("seam events ({})", shown(seam_events, seam.size())));
      events_on_seam.point_size = 0.9;
      fig.layers.push_back(std::move(events_on_seam));
    }
    f.caption = seam.empty() ? fmt::format("The events in ({}, {}); no seam was found", ca, cb)
                             : fmt::format("The events in ({}, {}), seam events coloured by their seam score over "
                                           "black discs at the seams' centres",
                                           ca, cb);
    out.push_back(std::move(f));
  }
  return out;
}

std::string seams_page(const nlohmann::json& seams, const std::vector<PageFigure>& figures) {
  try {
    const std::string version = seams.at("topae_version").get<std::string>();
    const std::string title = fmt::format("Seams of {} on {}", seams.at("model").get<std::string>(),
                                          seams.at("data").get<std::string>());
    std::string html = html_page_start(title, version);
    html += fmt::format("<header>\n<h1>{}</h1>\n<p class=\"meta\">topae {} &middot; topae seams</p>\n</header>\n",
                        html_escape(title), html_escape(version));
    html += "<section id=\"numbers\">\n<h2>Numbers</h2>\n";
    const auto& settings = seams.at("settings");
    html += fmt::format(
        "<p>An edge joins an event to one of its {} nearest neighbours in the inputs. Its stretch is the larger of two "
        "distances over that of the two inputs: the distance of their reconstructions, and that of their latent codes "
        "in the units the decoder gives latent distances around the event (the median ratio of reconstruction to code "
        "distance there). It is about 1 wherever the autoencoder is faithful, however unevenly the encoder spends its "
        "latent space. An edge is torn when its log "
        "stretch lies more than {} robust sigmas (1.4826 MAD) above the median and the stretch is at least {} times "
        "the typical one. Seams are the connected groups of events with a torn edge; groups of fewer than {} events "
        "are dropped.</p>\n",
        number(settings.at("neighbours")), number(settings.at("outlier_sigmas")), number(settings.at("min_stretch")),
        number(settings.at("min_cluster_size")));
    html += numbers_html(seams) + "</section>\n";
    html += "<section id=\"seams\">\n<h2>Seams</h2>\n" + seams_table_html(seams) + "</section>\n";
    html += "<section id=\"figures\">\n<h2>Figures</h2>\n" + figures_html(figures) + "</section>\n";
    html += fmt::format("<section id=\"settings\">\n<h2>Settings</h2>\n<pre><code>{}</code></pre>\n</section>\n",
                        html_escape(seams.at("settings").dump(2)));
    return html + "</body>\n</html>\n";
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("seams page: seams.json lacks a key or has one of the wrong type: {}", e.what()));
  }
}

}  // namespace topae::report
