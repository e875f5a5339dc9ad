#pragma once
// The mock bump hunt (docs/experiments.md, "bump-hunt"): background is massless three-body phase
// space, signal a resonance X(M, Gamma) -> 1 2 produced with particle 3. An autoencoder on the
// four-momenta is trained three ways: "out-of-fold", a K-fold ensemble on the data = background
// + a small signal fraction (the realistic unsupervised case; each data event scored by the
// member that did not see it, every other event by member i mod K); "background", on a
// separate background sample; and "in-sample", on the data and scored on the very events it
// trained on, only to show the artefact that makes (it fits them better than unseen events, and
// side-band normalisation turns that into fake bumps). Reported per training and seed:
// the AUC and SIC of the error for signal against background; the m_12 spectrum of the data
// before and after cuts that keep the highest-error 50 %, 10 % and 1 %, with BumpHunter's
// local and global significance and the sculpting of the background (Jensen-Shannon
// divergence); all of it again for an off-manifold contrast signal (particle 3 given a mass
// the background never has), which the autoencoder must catch. Means and spreads over seeds.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/bump_hunt_methods.hpp"
#include "topae/experiments/experiment.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::experiments {

struct BumpHuntConfig {
  // training.n is the number of data events (background + signal); the background-only
  // training set has as many. 20000 by default: the 1 % signal is then 200 events.
  TrainingConfig training = [] {
    TrainingConfig t;
    t.n = 20000;
    return t;
  }();
  double energy = 1000.0;
  physics::Resonance resonance{1, 2, 500.0, 5.0};
  double signal_fraction = 0.01;  // of the data
  Index reference_factor = 4;     // the background reference for BumpHunter: this many times the data
  Index n_test = 10000;           // events per test set (background, resonance, contrast) for the ROC
  double contrast_mass = 300.0;   // mass of particle 3 in the contrast signal (the background has 0)
  // The contrast's AUC as a curve: a test set per mass of particle 3.
  std::vector<double> contrast_curve = {25, 50, 100, 200, 300};
  Index latent = 5;               // 3n - 4: the dimension of phase space
  std::vector<double> cut_quantiles = {0.5, 0.9, 0.99};
  int bins = 40;                  // of m_12 over [0, E)
  int max_width = 4;              // BumpHunter's widest window, in bins: near the resonance's size, since
                                  // the local p ignores the side-band scale's error and wide windows inflate it
  int pseudo_experiments = 200;   // BumpHunter's global p-value
  // The reference is a Poisson sample only reference_factor times the data: its error enters
  // every p-value and pseudo-experiment (analysis/bump_hunter.hpp); false treats it as exact.
  bool reference_error = true;
  int folds = 5;  // of the out-of-fold training
  MethodComparisonConfig comparison;

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BumpHuntConfig, training, energy, resonance, signal_fraction, reference_factor,
                                   n_test, contrast_mass, contrast_curve, latent, cut_quantiles, bins, max_width,
                                   pseudo_experiments, reference_error, folds, comparison)

// One cut on the error of one mass scan.
struct BumpHuntCut {
  std::string cut;  // "none", "q0.9" (keeps the events above the 0.9 quantile)
  double kept_fraction = 0;
  double signal_efficiency = 0;
  double background_efficiency = 0;
  double background_sculpting_jsd = 0;  // of the background's m_12 shape, before / after
  double reference_sculpting_jsd = 0;
  // What a random subsample of as many background events would give (analysis/divergence.hpp).
  double random_sculpting_jsd = 0;
  std::vector<double> window;  // BumpHunter's most significant window [low, high); empty: none
  double local_z = 0;          // the window's (0 without one)
  double global_p = 1;
  double global_z = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BumpHuntCut, cut, kept_fraction, signal_efficiency, background_efficiency,
                                   background_sculpting_jsd, reference_sculpting_jsd, random_sculpting_jsd, window,
                                   local_z, global_p, global_z)

// One model (or k-fold ensemble).
struct BumpHuntRun {
  std::string training;  // "out-of-fold", "background" or "in-sample"
  Index latent = 0;
  std::uint64_t seed = 0;
  double auc_resonance = 0;
  double auc_resonance_error = 0;
  // The resonance against background events of the same mass (reference events with m_12 within
  // two widths of M; the resonance's events there too): what the error sees beyond the mass.
  double auc_resonance_slice = 0;
  double auc_resonance_slice_error = 0;
  // Of the data's background events and of the reference's, the fractions above the data's
  // 0.9 quantile of the error, and their difference in binomial errors (reference minus data):
  // positive when the model fits the data's events better than unseen ones.
  double data_pass_rate = 0;
  double reference_pass_rate = 0;
  double pass_rate_z = 0;
  double auc_contrast = 0;
  double auc_contrast_error = 0;
  std::vector<double> auc_contrast_curve;        // per mass of config.contrast_curve
  std::vector<double> auc_contrast_curve_error;  // DeLong
  nlohmann::json max_sic_resonance;  // analysis/roc.hpp
  nlohmann::json max_sic_contrast;
  std::vector<BumpHuntCut> cuts;           // the data with the resonance
  std::vector<BumpHuntCut> contrast_cuts;  // the data with the contrast signal instead
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BumpHuntRun, training, latent, seed, auc_resonance, auc_resonance_error,
                                   auc_resonance_slice, auc_resonance_slice_error, data_pass_rate,
                                   reference_pass_rate, pass_rate_z, auc_contrast, auc_contrast_error, auc_contrast_curve, auc_contrast_curve_error,
                                   max_sic_resonance, max_sic_contrast, cuts, contrast_cuts)

// A side-band fit (no reference) of the data's uncut m_12 spectrum: the expectation a search
// without a background sample would use, and whether it describes the spectrum at all.
struct SideBandFit {
  std::string function;  // "exp_poly" (exp of a quadratic) or "dijet"
  double chi2 = 0;
  int ndf = 0;
  double p = 1;
  bool bad = false;
  std::vector<double> window;  // BumpHunter's most significant window under this fit; empty: none
  double local_z = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SideBandFit, function, chi2, ndf, p, bad, window, local_z)

struct BumpHuntResult {
  std::vector<BumpHuntRun> runs;
  std::vector<SideBandFit> side_band_fits;
  std::vector<MethodResult> comparison;  // per spin, signal fraction, seed and method
  nlohmann::json spread_over_seeds;  // per training and quantity (analysis/seed_spread.hpp)
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BumpHuntResult, runs, side_band_fits, comparison, spread_over_seeds, figures, snapshots)

// Writes into `dir`: per training out-of-fold|background|in-sample/k<K>/seed<S>/ (model or
// ensemble, scores, ROC and SIC figures, error histograms, the mass scans bumphunt_resonance/
// and bumphunt_contrast/); the method comparison's figures at methods_*.
BumpHuntResult run_bump_hunt(const BumpHuntConfig& config, const std::filesystem::path& dir);

Experiment bump_hunt_experiment();

}  // namespace topae::experiments
