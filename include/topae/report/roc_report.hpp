#pragma once
// `topae roc`: the ROC analysis (analysis/roc.hpp) of a score in a table, written as
//
//   DIR/NAME.json            the spec, the topae version and the RocSummary (roc.json)
//   DIR/NAME_rejection.*     background rejection 1 / eff_b (log scale) against signal
//                            efficiency, with the random cut's 1 / eff_s for reference
//   DIR/NAME_sic.*           SIC = eff_s / sqrt(eff_b) against eff_s, the random cut's
//                            sqrt(eff_s), and the maximum marked
//
// for the output DIR/NAME.json; each figure as PNG, SVG, gnuplot script and CSV
// (figure_writer.hpp), drawn from the thinned curve of the summary. Both figures show the
// points with eff_b >= the SIC floor only: below it a handful of background events decide
// the values, and 1 / eff_b would run to the number of background events.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "topae/analysis/roc.hpp"
#include "topae/analysis/score_columns.hpp"
#include "topae/data/dataset.hpp"
#include "topae/data/table_reader.hpp"
#include "topae/report/figure.hpp"
#include "topae/report/figure_writer.hpp"

namespace topae::report {

struct RocReportSpec {
  std::filesystem::path scores;  // the table: CSV or HDF5
  data::ReadOptions read;        // which of its events and columns
  // The score: a column, or "label" / "weight" for the table's label or weight.
  std::string score = analysis::error_column;
  // "label": the table's label; otherwise a column of integers.
  std::string label = "label";
  // "weight": the table's weight, or 1 for every event if it has none; otherwise a column;
  // none: every event weighs 1.
  std::optional<std::string> weight = "weight";
  // Events with this label are signal, every other event background (scikit-learn's pos_label).
  int signal_label = 1;
  std::optional<double> sic_min_eff_b;  // none ("auto"): Roc::default_sic_floor()
  std::filesystem::path output = "roc.json";

  // Throws InputError if sic_min_eff_b lies outside (0, 1] or output names no file.
  void validate() const;
  nlohmann::json to_json() const;
  // "ROC of 'error' in scores.csv: signal = label 1 in 'label', weights 'weight'"
  std::string description() const;
};

// --sic-min-eff-b: "auto" (none: the default floor, which depends on the background count) or
// a number; InputError naming the flag if it is neither. The range is validate()'s.
std::optional<double> parse_sic_floor(std::string_view text);

// The line `topae roc` prints: the events, AUC +- error, the rejection at eff_s 0.5 (the first
// point computed when 0.5 was not), the maximum SIC, and `output`.
std::string summary_line(const analysis::RocSummary& summary, const std::string& output);

// What the ROC is computed from.
struct RocInputs {
  Eigen::VectorXd scores;
  Eigen::VectorXi labels;                  // 1 signal, 0 background
  std::optional<Eigen::VectorXd> weights;  // none: every event weighs 1
};

// The score, labels and weights `spec` names in `table`. Throws InputError naming `source`
// (the file) and the flag (--score, --label, --weight) if a name is neither a column nor a
// member the table has, a label column holds
// a value that is not an integer, or one class has no events.
RocInputs roc_inputs(const data::Dataset& table, const RocReportSpec& spec, const std::string& source);

// The two figures, from summary.curve; `score` names the score on the axes and titles.
FigureSpec rejection_figure(const analysis::RocSummary& summary, const std::string& score);
FigureSpec sic_figure(const analysis::RocSummary& summary, const std::string& score);

struct RocReport {
  analysis::RocSummary summary;
  nlohmann::json json;  // what the output file holds
  std::vector<FigureFiles> figures;
};

// Reads spec.scores, computes the summary, writes the figures and then spec.output
// (atomically, last: a JSON file means the run finished). Bad input (InputError naming the
// file) is found before anything is written.
RocReport write_roc_report(const RocReportSpec& spec);

}  // namespace topae::report
