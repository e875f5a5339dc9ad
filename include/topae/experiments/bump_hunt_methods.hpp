#pragma once
// What finds the resonance (docs/experiments.md, "bump-hunt"): the autoencoder's error side by
// side with CWoLa hunting and the density score (analysis/cwola.hpp, density_ratio.hpp), and
// with no cut at all, on the same data, at several signal fractions and for a resonance of spin
// 0 (its decay isotropic: at fixed m_12 its events are distributed exactly as background's) and
// of spin 1 (its decay angle follows cos^2: at fixed m_12 it differs from background).
//
// Every method is run the same way over signal regions of m_12 (analysis/signal_region.hpp):
// in each region a score of the data in SR and side-bands (the autoencoder: its error; CWoLa: a
// k-fold classifier SR against side-bands; density: the SR/side-band kernel density ratio),
// the data and the reference kept above the score's quantile that keeps `cut_efficiency` of
// the data there, and the SR's count tested against the reference normalised to the side-bands.
// CWoLa and the density score see only the decay angles (cos theta* of particle 1 in the 1-2
// frame against its flight, and cos theta of particle 3), which for background do not depend on
// m_12; the autoencoder sees the four-momenta, as everywhere in this experiment.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/data/dataset.hpp"
#include "topae/experiments/experiment.hpp"

namespace topae::experiments {

struct MethodComparisonConfig {
  std::vector<double> signal_fractions = {0.003, 0.01, 0.03};
  std::vector<int> spins = {0, 1};
  // Signal regions: centres first..last in steps, each `width` wide with side-bands as wide.
  double first_region = 150, last_region = 850, region_step = 50, region_width = 50;
  double cut_efficiency = 0.2;  // of the data in SR and side-bands, kept by a score's cut
  int cwola_folds = 5;
  std::vector<Index> cwola_hidden = {16, 16};

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MethodComparisonConfig, signal_fractions, spins, first_region, last_region,
                                   region_step, region_width, cut_efficiency, cwola_folds, cwola_hidden)

// One method on one data set.
struct MethodResult {
  std::string method;  // "none", "autoencoder", "cwola", "density"
  int spin = 0;
  double signal_fraction = 0;
  std::uint64_t seed = 0;
  // The score's ROC, resonance test events against background test events (the region nearest
  // the resonance's mass for CWoLa and the density score); 0.5, 0 and 1 for "none".
  double auc = 0, auc_error = 0, max_sic = 0;
  double best_region = 0;      // centre of the region of largest local significance
  double local_z = 0;          // there
  double global_p = 1;         // Sidak over the regions
  double global_z = 0;
  double resonance_region_z = 0;  // local significance of the region nearest the resonance's mass
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MethodResult, method, spin, signal_fraction, seed, auc, auc_error, max_sic,
                                   best_region, local_z, global_p, global_z, resonance_region_z)

// The data of one comparison: the events (momenta, m_12 and the other truth columns, label 1 for
// signal), a background reference, and ROC test sets, with the autoencoder's error of each.
struct ComparisonSample {
  data::Dataset data, reference, background_test, resonance_test;
  Eigen::VectorXd data_error, reference_error, background_test_error, resonance_test_error;
};

// The decay angles (n x 2) of massless three-body events: cos theta* = (m_13^2 - m_23^2) /
// (m_13^2 + m_23^2) and cos theta_3 = p_z3 / |p_3|.
Table decay_angles(const data::Dataset& events);

// Figures methods_<quantity>_spin<S>.png in `dir`: the global significance and the AUC of each
// method against the signal fraction, the seeds' median as a line and their range as bars.
std::vector<FigureRef> comparison_figures(const std::vector<MethodResult>& results, const MethodComparisonConfig& config,
                                          const std::filesystem::path& dir);

// Every method on one sample; `resonance_mass` picks the region for the ROC; `seed` the folds.
std::vector<MethodResult> compare_methods(const MethodComparisonConfig& config, const ComparisonSample& sample,
                                          double resonance_mass, std::uint64_t seed);

}  // namespace topae::experiments
