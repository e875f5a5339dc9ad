#pragma once
// The topology audit on the suite's own data (docs/experiments.md, "audit"): every data set
// of the suite audited (topology/audit.hpp) against its known dimension, Betti numbers and
// smallest tear-free latent dimension; and the seams (topology/seam_finder.hpp) of models
// with a latent space too small and one large enough, on fresh test events.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/experiment.hpp"

namespace topae::experiments {

struct AuditConfig {
  TrainingConfig training;
  Index n_audit = 20000;  // events of each data set audited (the torus's tube needs about this many)
  Index n_test = 20000;  // fresh test events the seams are found on: the top 1 % are 200 of them
  void validate() const;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AuditConfig, training, n_audit, n_test)

// One data set: what is known of it, and what the audit found (-1: not computed or not known).
struct AuditedData {
  std::string name;
  int dimension = 0;
  std::vector<int> betti;
  int min_latent_dim = 0;
  double estimate = 0;
  int found_dimension = 0;
  std::vector<int> found_betti;
  int found_min_latent_dim = 0;
  std::string latent_geometry;
  bool confident = false;
  std::vector<std::string> summary;
  std::vector<double> scale_points, scale_estimates;  // TwoNN against the scale
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AuditedData, name, dimension, betti, min_latent_dim, estimate, found_dimension,
                                   found_betti, found_min_latent_dim, latent_geometry, confident, summary,
                                   scale_points, scale_estimates)

struct SeamRun {
  std::string manifold;
  Index latent = 0;
  std::uint64_t seed = 0;
  bool too_small = false;  // the latent dimension is below the manifold's tear-free one
  Index n_seam_events = 0;
  Index n_seams = 0;
  double seam_fraction_of_top_errors = 0;
  // Circle only: the angle from the Borsuk-Ulam pair's nearer point to the nearest event of
  // the seam holding the largest error, the tear (-1 elsewhere, or without seams).
  double certificate_offset = -1;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SeamRun, manifold, latent, seed, too_small, n_seam_events, n_seams,
                                   seam_fraction_of_top_errors, certificate_offset)

struct AuditResult {
  std::vector<AuditedData> data;
  std::vector<SeamRun> seams;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(AuditResult, data, seams, figures, snapshots)

AuditResult run_audit(const AuditConfig& config, const std::filesystem::path& dir);
Experiment audit_experiment();

}  // namespace topae::experiments
