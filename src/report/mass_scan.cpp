#include "topae/report/mass_scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "topae/core/atomic_file.hpp"
#include "topae/core/version.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"

namespace topae::report {
namespace {

Eigen::VectorXd as_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Index>(v.size()));
}

// One box per bin of height `heights` (a histogram layer).
Layer boxes(const analysis::Histogram& h, const Eigen::VectorXd& heights, const std::string& name, std::string title,
            std::string color) {
  Eigen::VectorXd low(h.bins()), high(h.bins());
  for (int i = 0; i < h.bins(); ++i) {
    low(i) = h.edge(i);
    high(i) = h.edge(i + 1);
  }
  Layer layer = xy_layer(Style::histogram, {"mass_low", "mass_high", name}, {low, high, heights}, std::move(title));
  layer.color = std::move(color);
  return layer;
}

// A step line through the value of each bin, from its low to its high edge.
Layer steps(const analysis::Histogram& h, const std::vector<double>& values, std::string title) {
  Eigen::VectorXd x(2 * h.bins()), y(2 * h.bins());
  for (int i = 0; i < h.bins(); ++i) {
    x(2 * i) = h.edge(i);
    x(2 * i + 1) = h.edge(i + 1);
    y(2 * i) = y(2 * i + 1) = values[static_cast<std::size_t>(i)];
  }
  Layer layer = xy_layer(Style::lines, {"mass", "expected"}, {x, y}, std::move(title));
  layer.color = "#000000";
  return layer;
}

// "bump [480, 520): 1234 observed, 1000 expected, local Z 6.1, global p < 0.001 (Z > 3.09)"
std::string bump_summary(const analysis::MassCut& cut) {
  if (!cut.hunt) return "not hunted: " + cut.skipped;
  const auto& h = *cut.hunt;
  if (!h.window) return "no window could be tested";
  const auto& w = *h.window;
  const char* bound = h.global_p_is_bound ? "< " : "";
  return fmt::format("bump [{:.4g}, {:.4g}): {:.0f} observed, {:.1f} expected, local Z {:.2f}, global p {}{:.3g} "
                     "(Z {}{:.2f})",
                     w.low, w.high, w.observed, w.expected, w.local_z, bound, h.global_p,
                     h.global_p_is_bound ? "> " : "", h.global_z);
}

}  // namespace

std::string summary_text(const analysis::MassScanResult& result, Index n_events, const std::string& reference,
                         const std::string& output) {
  const std::string expectation = reference.empty() ? "a side-band fit" : reference;
  std::string text = fmt::format("bump hunt in '{}' of {} events, expectation from {}; {} pseudo-experiments -> {}\n",
                                 result.spec.mass, n_events, expectation, result.spec.hunter.pseudo_experiments, output);
  if (result.has_weights) text += "  (weights ignored: every event counts 1)\n";
  for (const auto& cut : result.cuts) {
    text += cut.quantile ? fmt::format("  {} > {:.4g} (q {}): {} kept", result.spec.score, cut.threshold, *cut.quantile,
                                       cut.n_kept)
                         : fmt::format("  no cut: {} events", cut.n_kept);
    if (cut.background_mass) {
      text += fmt::format(", signal eff {:.3g}, background eff {:.3g}, sculpting JSD {:.2g}", cut.signal_efficiency,
                          cut.background_efficiency, cut.background_sculpting);
    }
    text += "; " + bump_summary(cut);
    if (cut.hunt && cut.hunt->fit_quality) {
      const auto& q = *cut.hunt->fit_quality;
      text += fmt::format("; side-band fit chi2/ndf {:.1f}/{} (p {:.2g}){}", q.chi2, q.ndf, q.p,
                          q.bad ? ": BAD FIT, the expectation does not describe the spectrum, so this bump's "
                                  "significance means nothing (a kinematic edge? try --reference)"
                                : "");
    }
    text += "\n";
  }
  return text;
}

FigureSpec mass_spectrum_figure(const analysis::MassCut& cut, const std::string& mass, const std::string& score,
                                const MassFigureStyle& style) {
  FigureSpec fig;
  fig.title = cut.quantile ? fmt::format("{} of events with {} > {:.4g} (above its {} quantile)", mass, score,
                                         cut.threshold, *cut.quantile)
                           : fmt::format("{}, no cut", mass);
  const auto& h = cut.mass;
  const std::string unit = style.unit.empty() ? "" : " " + style.unit;
  fig.x = {.label = style.unit.empty() ? mass : fmt::format("{} ({})", mass, style.unit),
           .range = Range{cut.mass.lo(), cut.mass.hi()}};
  fig.y.label = fmt::format("events / {:.4g}{}", h.width(), unit);
  fig.legend = Legend::below;  // clear of the data, and wide enough for the window's line
  const Eigen::VectorXd observed = as_vector(h.contents());
  Eigen::VectorXd centre(h.bins());
  for (int i = 0; i < h.bins(); ++i) centre(i) = h.centre(i);
  if (cut.background_mass && cut.signal_mass) {
    // Stacked: signal on top of background, drawn as the sum with the background over it.
    const Eigen::VectorXd background = as_vector(cut.background_mass->contents());
    fig.layers.push_back(boxes(h, background + as_vector(cut.signal_mass->contents()), "signal_stacked",
                               "signal (label 1)", "#d62728"));
    fig.layers.push_back(boxes(h, background, "background", "background (label 0)", "#9ecae1"));
  }
  for (auto& layer : counts_with_errors(centre, observed, "observed", "data (error bars: sqrt(n))"))
    fig.layers.push_back(std::move(layer));
  if (cut.hunt && cut.hunt->window && !cut.hunt->expected.empty()) {
    const auto& hunt = *cut.hunt;
    const auto& w = *hunt.window;
    fig.layers.push_back(steps(h, hunt.expected, "expected background"));
    const double top = 1.05 * std::max(observed.maxCoeff(), *std::max_element(hunt.expected.begin(), hunt.expected.end()));
    Eigen::VectorXd x(4), y(4);
    x << w.low, w.low, w.high, w.high;
    y << 0, top, top, 0;
    Layer box = xy_layer(Style::lines, {"window_mass", "window_height"}, {x, y},
                         fmt::format("window [{:.4g}, {:.4g}): local Z {:.2f}, global p {}{:.3g}", w.low, w.high,
                                     w.local_z, hunt.global_p_is_bound ? "< " : "", hunt.global_p));
    box.color = "#2ca02c";
    fig.layers.push_back(std::move(box));
  }
  if (cut.hunt && !cut.hunt->expected.empty()) {
    const Eigen::VectorXd pull = pulls(observed, as_vector(cut.hunt->expected), as_vector(cut.hunt->expected_error));
    fig.lower = pull_panel({boxes(h, pull, "pull", "", "#7f7f7f")}, h.lo(), h.hi(), pull.cwiseAbs().maxCoeff());
    fig.legend = Legend::above;  // below would sit between the panels
    fig.height = 720;
  }
  if (style.signal_window) {
    const auto [lo, hi] = *style.signal_window;
    double top = 0;  // above the highest error bar
    for (int i = 0; i < h.bins(); ++i) top = std::max(top, 1.1 * (observed(i) + std::sqrt(observed(i))));
    Table lines(2, 4);
    lines << lo, 0, lo, top, hi, 0, hi, top;
    fig.layers.push_back({Style::segments, fmt::format("signal window [{:.4g}, {:.4g})", lo, hi),
                          {"signal_mass", "bottom", "signal_mass_", "top"}, lines, "#9467bd"});
  }
  return fig;
}

nlohmann::json write_mass_scan(const analysis::MassScanResult& result, const std::filesystem::path& dir,
                               const nlohmann::json& inputs, const MassFigureStyle& style) {
  std::vector<FigureSpec> figures;
  for (const auto& cut : result.cuts)
    figures.push_back(mass_spectrum_figure(cut, result.spec.mass, result.spec.score, style));
  // Every file is checked before the first is written: none may be an input.
  check_output_path(dir / "results.json");
  for (std::size_t i = 0; i < figures.size(); ++i) check_figure_paths(figures[i], dir / ("mass_" + result.cuts[i].name));
  for (std::size_t i = 0; i < figures.size(); ++i) write_figure(figures[i], dir / ("mass_" + result.cuts[i].name));
  nlohmann::json j = {{"command", "bumphunt"}, {"topae_version", std::string(version())}, {"inputs", inputs}};
  nlohmann::json body = result.to_json();
  for (auto& [key, value] : body.items()) j[key] = std::move(value);
  write_text_atomically(dir / "results.json", j.dump(2) + "\n");
  return j;
}

}  // namespace topae::report
