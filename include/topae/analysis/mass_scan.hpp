#pragma once
// The mock bump hunt of the study (docs/experiments.md): a BumpHunter search in a mass spectrum before and after
// cuts on an anomaly score, with what the cuts do to signal and background.
//
// For "no cut" and for each quantile q of cut_quantiles, the events kept are those whose score
// lies strictly above the q-quantile of the data's score (quantile() of thresholds.hpp; q = 0.9
// keeps the top 10 %). Their mass is histogrammed, and BumpHunter (bump_hunter.hpp) hunts in it:
// with a reference table (a background-only sample), the expectation is the reference's events
// passing the same score threshold, normalised to the side-bands of each window; without one,
// a fit to the side-bands.
//
// With labels (0 background, 1 signal) each cut also reports the signal and background
// efficiencies (events kept / events, over all events whatever their mass) and the sculpting of
// the background: the Jensen-Shannon divergence (divergence.hpp) between the mass shape of the
// label-0 events before any cut and after the cut. With a reference, the reference's own
// sculpting is reported likewise.
//
// Weights: every event counts 1. Poisson statistics need counts, and the weights topae's
// generators write are phase-space weights, not event counts; a weight column is ignored
// (has_weights in the result says that there was one).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "topae/analysis/bump_hunter.hpp"
#include "topae/analysis/histogram.hpp"
#include "topae/analysis/score_columns.hpp"
#include "topae/data/dataset.hpp"

namespace topae::analysis {

struct MassScanSpec {
  std::string mass;                                  // --mass: the column histogrammed
  std::string score = error_column;                  // --score: the column cut on
  std::vector<double> cut_quantiles = {0.5, 0.9, 0.99};  // --cut-quantiles: each in [0, 1)
  int bins = 40;                                     // --bins
  std::optional<std::pair<double, double>> range;    // --range: [lo, hi); none: the data's mass range
  BumpHunterSpec hunter;                             // background: reference or sideband_fit

  // Throws InputError naming the flag: empty column names, a quantile outside [0, 1), a range
  // not finite with lo < hi, or a hunter spec that does not fit `bins` (BumpHunterSpec::validate).
  void validate() const;
  nlohmann::json to_json() const;
  std::string description() const;
};

// One cut and what it did.
struct MassCut {
  explicit MassCut(Histogram kept_mass) : mass(std::move(kept_mass)) {}

  std::string name;                  // "none", "q0.9"
  std::optional<double> quantile;    // none for no cut
  double threshold = 0;              // keep score > threshold (-infinity for no cut)
  Index n_events = 0;                // data events
  Index n_kept = 0;
  double kept_fraction = 0;
  Histogram mass;                    // kept data events
  std::optional<Histogram> reference_mass;  // kept reference events
  Index reference_kept = 0;
  double reference_kept_fraction = 0;
  double reference_sculpting = 0;    // JSD of the reference's mass shape before / after (NaN: empty)
  // With labels: the kept events of each label, efficiencies (NaN without events of the label),
  // and the JSD of the label-0 mass shape before / after (NaN if either is empty in range).
  std::optional<Histogram> background_mass;
  std::optional<Histogram> signal_mass;
  double signal_efficiency = 0;
  double background_efficiency = 0;
  double background_sculpting = 0;
  std::optional<BumpHuntResult> hunt;  // none: nothing to hunt in (`skipped` says why)
  std::string skipped;

  nlohmann::json to_json() const;
};

struct MassScanResult {
  MassScanSpec spec;      // as run: range and max_width resolved
  bool labelled = false;  // the data have labels
  bool has_weights = false;  // the data or the reference have a weight column (ignored)
  std::vector<MassCut> cuts;  // no cut first, then the quantiles in the order given

  nlohmann::json to_json() const;
};

// data: the events, with the spec's mass and score columns; reference: a background-only table
// with the same two columns, or null (then the hunter fits side-bands; spec.hunter.background
// is set to match). data_name and reference_name (file names) go into error messages.
// Throws InputError on a bad spec, a missing column, or a data mass range of zero width when
// no range is given.
MassScanResult run_mass_scan(const MassScanSpec& spec, const data::Dataset& data, const std::string& data_name,
                             const data::Dataset* reference = nullptr, const std::string& reference_name = {});

}  // namespace topae::analysis
