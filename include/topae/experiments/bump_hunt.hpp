#pragma once
// The mock bump hunt (docs/experiments.md, "bump-hunt"): background is massless three-body phase
// space, signal a resonance X(M, Gamma) -> 1 2 produced with particle 3. An autoencoder on the
// four-momenta is trained (a) on the data = background + a small signal fraction, the
// realistic unsupervised case, and (b) on background only. Reported per training and seed:
// the AUC and SIC of the error for signal against background; the m_12 spectrum of the data
// before and after cuts that keep the highest-error 50 %, 10 % and 1 %, with BumpHunter's
// local and global significance and the sculpting of the background (Jensen-Shannon
// divergence); all of it again for an off-manifold contrast signal (particle 3 given a mass
// the background never has), which the autoencoder must catch. Means and spreads over seeds.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/training.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::experiments {

struct BumpHuntConfig {
  TrainingConfig training;  // training.n is not used: `events` sets the data size
  double energy = 1000.0;
  physics::Resonance resonance{1, 2, 500.0, 5.0};
  double signal_fraction = 0.01;  // of the data
  Index events = 20000;           // data events; the background-only training set has as many
  Index reference_factor = 4;     // the background reference for BumpHunter: this many times the data
  Index n_test = 10000;           // events per test set (background, resonance, contrast) for the ROC
  double contrast_mass = 300.0;   // mass of particle 3 in the contrast signal (the background has 0)
  Index latent = 5;               // 3n - 4: the dimension of phase space
  std::vector<double> cut_quantiles = {0.5, 0.9, 0.99};
  int bins = 40;                  // of m_12 over [0, E)
  int max_width = 4;              // BumpHunter's widest window, in bins: near the resonance's size, since
                                  // the local p ignores the side-band scale's error and wide windows inflate it
  int pseudo_experiments = 200;   // BumpHunter's global p-value

  void validate() const;
  nlohmann::json to_json() const;
};

nlohmann::json run_bump_hunt(const BumpHuntConfig& config, const std::filesystem::path& dir);
// Per training and seed: the AUCs and the resonance's significance before and after each cut.
std::string bump_hunt_summary(const nlohmann::json& results);

}  // namespace topae::experiments
