#pragma once
// The remedies experiment (docs/experiments.md, "remedies"). On the suite's closed manifolds
// (circle, sphere, torus, and the four-momenta of massless 3-body phase space, a 5-sphere) the
// plain autoencoder, whose euclidean latent space has the manifold's dimension d so that
// topology forces a tear, against three remedies:
//   - a euclidean latent space of dimension d + 1,
//   - a latent space with the data's topology (circle, sphere S^d, torus T^2),
//   - a seed ensemble of the plain models, scored by the median or the minimum of their errors,
//     and one whose members each train on a bootstrap resample of the events.
// Measured on fresh test events: the largest reconstruction distance (a tear is of the
// manifold's size), the false-positive rate near the plain model's tear at the threshold that
// flags 1 % of a separate background sample, the AUC of an off-manifold contrast (a remedy must
// keep the sensitivity), and on phase space the parity certificate with its code gap.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/experiment.hpp"

namespace topae::experiments {

struct RemediesConfig {
  TrainingConfig training = [] {
    TrainingConfig t;
    t.seeds = 4;  // an ensemble's median needs three members or more
    return t;
  }();
  std::vector<std::string> manifolds = {"circle", "sphere", "torus", "phase-space"};
  Index n_test = 20000;         // fresh test events per manifold (and as many for calibration)
  double flag_fraction = 0.01;  // the threshold flags this share of the calibration events
  double near_fraction = 0.02;  // "near the tear": this share of the test events nearest the plain model's worst
  double offset = 0.1;          // contrast off the circle, sphere and torus tube: radius times 1 + offset
  double contrast_mass = 300;   // contrast off phase space: particle 3 with this mass (E = 1000)
  int search_starts = 5;        // parity certificate searches per phase-space model

  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RemediesConfig, training, manifolds, n_test, flag_fraction, near_fraction, offset,
                                   contrast_mass, search_starts)

// One model (or one ensemble, measured at the tear of one plain seed).
struct RemedyRun {
  std::string manifold;
  std::string method;    // "euclidean k=1", "circle latent", "ensemble median", "bootstrap min", ...
  std::string geometry;  // of the latent space: euclidean, circle, sphere, torus; "ensemble", "bootstrap"
  Index latent = 0;      // k
  std::uint64_t seed = 0;  // the model's; an ensemble's: the plain seed at whose tear it is measured
  bool plain = false;      // euclidean at the manifold's dimension: what the remedies replace
  double max_distance = -1;  // largest |x - r(x)| over the test events, raw units; -1: an ensemble
  double threshold = 0;      // the error flagging flag_fraction of the calibration events
  double fpr_near_tear = 0;  // share of the test events near the plain model's tear above it
  double fpr = 0;            // share of all test events above it
  double auc_contrast = 0;   // error as the score: off-manifold contrast against test events
  double certificate_over_floor = -1;  // phase space, single models: parity certificate / floor; -1 elsewhere
  double code_gap = -1;                // phase space: the certificate's code gap (parity_certificate.hpp)
  // Torus latent: how often each latent angle (columns) turns along the loop around the tube's
  // axis (u, first row) and around the tube (v), row-major; empty elsewhere. An encoder that
  // does not tear maps the torus onto its latent torus with a matrix of determinant +-1, the
  // same along every loop of a family (consistent); a null or repeated winding forces a tear.
  std::vector<int> winding = {};
  bool winding_consistent = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RemedyRun, manifold, method, geometry, latent, seed, plain, max_distance, threshold,
                                   fpr_near_tear, fpr, auc_contrast, certificate_over_floor, code_gap, winding,
                                   winding_consistent)

struct RemediesResult {
  std::vector<RemedyRun> runs;
  // Circle: the shortest arc (degrees) holding every ensemble member's tear, the angle of its
  // worst test event; members trained on the same events, and on bootstrap resamples. -1: not run.
  double circle_tear_arc = -1;
  double circle_bootstrap_tear_arc = -1;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RemediesResult, runs, circle_tear_arc, circle_bootstrap_tear_arc, figures, snapshots)

// Writes DIR/<manifold>/<geometry>-k<K>/seed<S>/model.json, DIR/<manifold>/ensemble.json and
// the figures.
RemediesResult run_remedies(const RemediesConfig& config, const std::filesystem::path& dir);
Experiment remedies_experiment();

}  // namespace topae::experiments
