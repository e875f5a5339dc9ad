#include "topae/report/roc_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/parse.hpp"
#include "topae/core/version.hpp"
#include "topae/data/table_io.hpp"
#include "topae/report/layers.hpp"

namespace topae::report {
namespace {

// The values `name` stands for in `table`: its label or weight, or a column. `role` is the
// flag that named it, without its dashes: score, label or weight.
Eigen::VectorXd values_named(const data::Dataset& table, const std::string& name, const char* role,
                             const std::string& source) {
  if (name == "label" || name == "weight") {
    const bool present = name == "label" ? table.label.has_value() : table.weight.has_value();
    if (!present) {
      throw InputError(source, name == role ? fmt::format("has no per-event {} (--{})", name, role)
                                            : fmt::format("has no per-event {} to use as --{}", name, role));
    }
    return name == "label" ? Eigen::VectorXd(table.label->cast<double>()) : *table.weight;
  }
  const int j = table.column_index(name);
  if (j < 0) {
    throw InputError(source, fmt::format("--{} '{}': no such column (columns: {})", role, name,
                                         fmt::join(table.columns, ", ")));
  }
  return table.values.col(j);
}

Eigen::VectorXi integer_labels(const data::Dataset& table, const std::string& name, const std::string& source) {
  if (name == "label" && table.label) return *table.label;
  const Eigen::VectorXd v = values_named(table, name, "label", source);
  Eigen::VectorXi labels(v.size());
  for (Index i = 0; i < v.size(); ++i) {
    if (!(v(i) == std::round(v(i)) && std::abs(v(i)) <= std::numeric_limits<int>::max()))
      throw InputError(source,
                       fmt::format("column '{}': event {} has {}; a label must be an integer", name, i + 1, v(i)));
    labels(i) = static_cast<int>(v(i));
  }
  return labels;
}

// The points of `curve` with eff_b >= min_eff_b > 0 (the SIC floor).
std::vector<Index> above_floor(const analysis::RocCurve& curve, double min_eff_b) {
  std::vector<Index> rows;
  for (Index i = 0; i < curve.size(); ++i)
    if (curve.eff_b(i) >= min_eff_b) rows.push_back(i);
  return rows;
}

// The random cut (eff_b = eff_s) from x_min to 1: `y_of` gives its rejection or SIC.
template <typename F>
Layer random_cut_layer(double x_min, const std::string& y_name, F y_of) {
  constexpr Index kPoints = 200;
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(kPoints, x_min, 1.0);
  Layer layer = xy_layer(Style::lines, {"eff_s", y_name}, {x, x.unaryExpr(y_of)}, "random cut");
  layer.color = "#7f7f7f";
  layer.line_width = 1.0;
  return layer;
}

std::filesystem::path figure_stem(const std::filesystem::path& output, const char* suffix) {
  return output.parent_path() / (output.stem().string() + suffix);
}

}  // namespace

void RocReportSpec::validate() const {
  if (sic_min_eff_b && !(*sic_min_eff_b > 0 && *sic_min_eff_b <= 1))
    throw InputError(fmt::format("--sic-min-eff-b {}: the SIC floor must lie in (0, 1]", *sic_min_eff_b));
  if (output.filename().empty() || output.filename() == "." || output.filename() == "..")
    throw InputError(fmt::format("roc: the output '{}' names no file", output.string()));
}

nlohmann::json RocReportSpec::to_json() const {
  return {{"scores", scores.string()},
          {"score", score},
          {"label", label},
          {"weight", weight ? nlohmann::json(*weight) : nlohmann::json(nullptr)},
          {"signal_label", signal_label},
          {"sic_min_eff_b", sic_min_eff_b ? nlohmann::json(*sic_min_eff_b) : nlohmann::json(nullptr)},
          {"output", output.string()}};
}

std::string RocReportSpec::description() const {
  return fmt::format("ROC of '{}' in {}: signal = label {} in '{}', {}", score, scores.string(), signal_label, label,
                     weight ? fmt::format("weights '{}'", *weight) : std::string("unweighted"));
}

std::optional<double> parse_sic_floor(std::string_view text) {
  if (text == "auto") return std::nullopt;
  return parse_double(text, "--sic-min-eff-b");
}

std::string summary_line(const analysis::RocSummary& s, const std::string& output) {
  std::string rejection;
  // The rejection at eff_s 0.5 when it was computed (RocSummaryOptions), else the first one.
  const auto r50 = std::find_if(s.rejection.begin(), s.rejection.end(),
                                [](const analysis::RejectionPoint& r) { return r.eff_s == 0.5; });
  const auto r = r50 != s.rejection.end() ? r50 : s.rejection.begin();
  if (r != s.rejection.end()) rejection = fmt::format("; rejection {:.4g} at eff_s {}", r->rejection, r->eff_s);
  return fmt::format("{} signal / {} background events: AUC {:.4f} +- {:.4f}{}; max SIC {:.3g} at eff_s {:.3g}, "
                     "eff_b {:.3g} -> {}",
                     s.n_signal, s.n_background, s.auc, s.auc_error, rejection, s.max_sic.sic, s.max_sic.eff_s,
                     s.max_sic.eff_b, output);
}

RocInputs roc_inputs(const data::Dataset& table, const RocReportSpec& spec, const std::string& source) {
  RocInputs in;
  in.scores = values_named(table, spec.score, "score", source);
  const Eigen::VectorXi labels = integer_labels(table, spec.label, source);
  in.labels = (labels.array() == spec.signal_label).cast<int>();
  const Index n_signal = in.labels.sum();
  if (n_signal == 0) {
    throw InputError(source, fmt::format("no signal events: none of the {} events has label {} in '{}'",
                                         table.n_events(), spec.signal_label, spec.label));
  }
  if (n_signal == table.n_events()) {
    throw InputError(source, fmt::format("no background events: all {} events have label {} in '{}'", table.n_events(),
                                         spec.signal_label, spec.label));
  }
  // A table without weights weighs every event 1: then there is nothing to pass on.
  if (spec.weight && (*spec.weight != "weight" || table.weight))
    in.weights = values_named(table, *spec.weight, "weight", source);
  return in;
}

FigureSpec rejection_figure(const analysis::RocSummary& summary, const std::string& score) {
  const auto& c = summary.curve;
  // Above the SIC floor only: below it a handful of background events set the rejection.
  const double floor = summary.max_sic.min_eff_b;
  const auto rows = above_floor(c, floor);
  const Eigen::VectorXd eff_s = c.eff_s(rows);
  const Eigen::VectorXd rejection = c.eff_b(rows).cwiseInverse();
  FigureSpec fig;
  fig.title =
      fmt::format("Background rejection of the cut {} >= t (AUC {:.4f}, eff_b >= {:.3g})", score, summary.auc, floor);
  fig.x = {"signal efficiency eff_s", Range{0.0, 1.0}, false};
  fig.y = {"background rejection 1 / eff_b", std::nullopt, true};
  fig.legend = Legend::top_right;
  fig.layers.push_back(xy_layer(Style::lines, {"eff_s", "rejection"}, {eff_s, rejection}, score));
  // From the efficiency where 1 / eff_s reaches the curve's largest rejection: the random
  // line must not stretch the log axis beyond the curve.
  const double x_min = std::clamp(1.0 / rejection.maxCoeff(), 1e-3, 0.5);
  fig.layers.push_back(random_cut_layer(x_min, "rejection", [](double x) { return 1.0 / x; }));
  return fig;
}

FigureSpec sic_figure(const analysis::RocSummary& summary, const std::string& score) {
  const auto& c = summary.curve;
  const auto& best = summary.max_sic;
  const auto rows = above_floor(c, best.min_eff_b);
  const Eigen::VectorXd eff_s = c.eff_s(rows);
  const Eigen::VectorXd sic = eff_s.array() / c.eff_b(rows).array().sqrt();
  FigureSpec fig;
  fig.title = fmt::format("Significance improvement of the cut {} >= t (eff_b >= {:.3g})", score, best.min_eff_b);
  fig.x = {"signal efficiency eff_s", Range{0.0, 1.0}, false};
  fig.y = {"SIC = eff_s / sqrt(eff_b)", std::nullopt, false};
  fig.legend = Legend::bottom_right;  // below the curve's peak, above the random cut's sqrt(eff_s)
  fig.layers.push_back(xy_layer(Style::lines, {"eff_s", "sic"}, {eff_s, sic}, score));
  fig.layers.push_back(random_cut_layer(0.0, "sic", [](double x) { return std::sqrt(x); }));
  Layer max = xy_layer(Style::points, {"eff_s", "sic"},
                       {Eigen::VectorXd::Constant(1, best.eff_s), Eigen::VectorXd::Constant(1, best.sic)},
                       fmt::format("max SIC {:.3g}", best.sic));
  max.point_size = 2.0;
  fig.layers.push_back(std::move(max));
  return fig;
}

RocReport write_roc_report(const RocReportSpec& spec) {
  spec.validate();
  const std::string source = spec.scores.string();
  const data::Dataset table = data::read_table(spec.scores, spec.read);
  const RocInputs in = roc_inputs(table, spec, source);
  RocReport report;
  try {
    const analysis::Roc roc =
        in.weights ? analysis::Roc(in.scores, in.labels, *in.weights) : analysis::Roc(in.scores, in.labels);
    analysis::RocSummaryOptions options;
    options.sic_min_eff_b = spec.sic_min_eff_b;
    report.summary = roc.summary(options);
  } catch (const InputError& e) {
    throw InputError(spec.scores, e.what());  // e.g. the class weights sum to zero
  }

  const FigureSpec figures[] = {rejection_figure(report.summary, spec.score), sic_figure(report.summary, spec.score)};
  const char* suffixes[] = {"_rejection", "_sic"};
  // Output to a device (/dev/stdout) has no folder for figures beside it.
  const bool with_figures = !is_character_device(spec.output);
  // Every file is checked before the first is written: none may be an input.
  check_output_path(spec.output);
  for (std::size_t i = 0; with_figures && i < 2; ++i) check_figure_paths(figures[i], figure_stem(spec.output, suffixes[i]));
  nlohmann::json files = nlohmann::json::object();
  for (std::size_t i = 0; with_figures && i < 2; ++i) {
    report.figures.push_back(write_figure(figures[i], figure_stem(spec.output, suffixes[i])));
    const auto& png = report.figures.back().png;
    files[std::string(suffixes[i] + 1)] = png.empty() ? nlohmann::json(nullptr) : nlohmann::json(png.filename().string());
  }

  report.json = {{"command", "roc"},
                 {"topae_version", std::string(version())},
                 {"config", spec.to_json()},
                 {"weighted", in.weights.has_value()}};
  nlohmann::json summary = report.summary.to_json();
  for (auto& [key, value] : summary.items()) report.json[key] = std::move(value);
  report.json["figures"] = files;
  write_text_atomically(spec.output, report.json.dump(2) + "\n");
  return report;
}

}  // namespace topae::report
