#pragma once
// The outputs of a mass scan (analysis/mass_scan.hpp): one figure per cut and results.json.
#include <filesystem>
#include <optional>
#include <utility>
#include <string>

#include <nlohmann/json.hpp>

#include "topae/analysis/mass_scan.hpp"
#include "topae/report/figure.hpp"

namespace topae::report {

// How a mass spectrum is labelled: the mass's unit (axes read "m_12 (GeV)" and "events / 25
// GeV"), and a signal window to mark (two vertical lines), if known.
struct MassFigureStyle {
  std::string unit;
  std::optional<std::pair<double, double>> signal_window;
};

// The mass spectrum of the events a cut kept: the counts as points with Poisson error bars
// (sqrt(n)), over stacked background and signal boxes when the data are labelled; the
// expectation under the bump window's normalisation as a step line; the window as an outlined
// box, with its local significance and global p-value in the legend. Where there is an
// expectation, a pull panel under the spectrum shows (n_i - b_i) / sqrt(b_i + sigma_i^2) per bin
// (sigma_i: the expectation's own error) and the legend sits above the plot; otherwise below it.
// Either way the legend is clear of the data.
FigureSpec mass_spectrum_figure(const analysis::MassCut& cut, const std::string& mass, const std::string& score,
                                const MassFigureStyle& style = {});

// Writes into `dir` (created if missing) DIR/mass_<cut>.{csv,gp,png,svg} for every cut (stem
// mass_none, mass_q0.9, ...), then DIR/results.json: {"command": "bumphunt", "topae_version",
// "inputs": `inputs`, then the result's JSON}. Every file is written atomically and results.json
// last, so a failure never leaves a results.json beside missing figures.
// Returns the JSON written.
nlohmann::json write_mass_scan(const analysis::MassScanResult& result, const std::filesystem::path& dir,
                               const nlohmann::json& inputs, const MassFigureStyle& style = {});

// What `topae bumphunt` prints: a line for the search over `n_events` data events (the
// expectation from `reference`, a file name, or the side-band fit when it is empty) into
// `output`, a line when weights were ignored, then one line per cut with its efficiencies,
// sculpting and bump. Each line ends in '\n'.
std::string summary_text(const analysis::MassScanResult& result, Index n_events, const std::string& reference,
                         const std::string& output);

}  // namespace topae::report
