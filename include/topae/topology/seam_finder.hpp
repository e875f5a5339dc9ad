#pragma once
// Seam finding: the events where a trained autoencoder tears its data, for any model and any
// data, without knowing the manifold (docs/cli.md, "topae seams").
//
// An encoder E: R^D -> R^k trained on data lying on a manifold that does not embed in R^k
// (a circle with k = 1, a 2-sphere or a torus with k = 2) must tear it somewhere: there,
// neighbouring events get distant codes, and the events in the tear are badly reconstructed.
//
// The edges: (i, j) for j one of the k_graph nearest neighbours of event i in the inputs x.
// Along each, with z the codes and r the reconstructions (distances floored by a thousandth
// of their median over the edges: finer ones are not resolved, so near-duplicate events and
// the network's float rounding make no tear),
//   reconstruction stretch  |r_i - r_j| / |x_i - x_j|,
//   code stretch            |z_i - z_j| / |x_i - x_j|,
//   decoder gain            |r_i - r_j| / |z_i - z_j|,
//   stretch                 rho(i, j) = max(|r_i - r_j|, G_i |z_i - z_j|) / |x_i - x_j|,
// G_i the median decoder gain over the edges of i and of its neighbours ((k_graph + 1) k_graph
// edges): G_i |z_i - z_j| is the code's distance in the units the decoder gives latent
// distances around the event. The stretch is about 1 wherever the autoencoder is faithful,
// and a tear lifts it in both forms it takes:
// - in a continuous network, a small patch of data whose codes the decoder sweeps across
//   far-apart reconstructions: the reconstruction stretch;
// - in a discontinuous code (z = the angle of a circle, cut at pi), edges across the cut whose
//   codes jump while the reconstructions, and the decoder's gain around them (set by the many
//   uncut edges), stay as they are: the code's term.
// Why not the code stretch alone: a network may spend much of its latent range on a small part
// of the data and compress the rest; its decoder undoes that (its gain falls where the code
// stretch rises), the reconstructions are fine, and that is no tear.
//
// The rule, on l = log rho over the edges:
//   m    = the median of l (the typical stretch is exp m),
//   s    = 1.4826 * the median of |l - m|, the MAD scaled to the normal's sigma,
//   torn = l(i, j) - m > tau,  tau = max(c * s, log(min_stretch)):
//          a robust outlier (c robust sigmas above the median) and a material one (at least
//          min_stretch times the typical stretch; this guards a model so faithful that s is tiny).
// Per event, seam_score = exp(max over the edges at i of l - m): the largest stretch of an
// edge at the event (in either direction of the symmetrised graph) over the typical one; an
// event is flagged when seam_score > exp(tau), that is when one of its edges is torn. Seams
// are the connected components of flagged events in the symmetrised kNN graph; those of fewer
// than min_cluster_size events (an isolated long edge, not a tear) are dropped, and on_seam
// marks the events of the seams kept.
//
// Why the rule cannot fire much on a faithful model: if l were normal, a fraction
// 1 - Phi(c) of the edges would pass c sigmas; every flagged event is an end of a torn edge
// and there are n k_graph directed edges, so at most 2 k_graph (1 - Phi(c)) of the events
// would be flagged (null_seam_fraction_bound()): 6.3e-4 for c = 4 and k_graph = 10.
//
// Neighbours: topology::nearest_neighbours, exact (a k-d tree) up to exact_up_to events; above
// that, nanoflann's approximate search with approximate_eps (neighbours.hpp), whose neighbours
// are near but not always nearest. The rule only needs near pairs: the stretch of an edge
// found is measured on that edge.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::topology {

// Each setting's flag of `topae seams` is named in its comment; messages name the flags.
struct SeamSettings {
  Index neighbours = 10;            // --neighbours: k_graph
  double outlier_sigmas = 4.0;      // --outlier-sigmas: c
  double min_stretch = 2.0;         // --min-stretch: a torn edge stretches at least this many times the typical one
  Index min_cluster_size = 3;       // --min-cluster-size: seams of fewer events are dropped
  double top_error_quantile = 0.99; // --top-error-quantile: recorded; the caller's top_error_threshold is at it
  Index exact_up_to = 200'000;      // --exact-up-to: exact neighbours up to this many events, approximate above
  double approximate_eps = 1.0;     // --approximate-eps: nanoflann's eps above exact_up_to

  // Throws InputError naming the flag: neighbours >= 1, outlier_sigmas > 0, min_stretch >= 1,
  // min_cluster_size >= 1, top_error_quantile in (0, 1), exact_up_to >= 0, approximate_eps
  // >= 0, all finite.
  void validate() const;
  nlohmann::json to_json() const;
};

// What the finder looks at, for n events (not owned; every table has n rows).
struct SeamData {
  const Table& inputs;                  // n x D: the inputs as the network sees them (standardized)
  const Table& latent;                  // n x k: the codes
  const Table& reconstruction;          // n x D: the reconstructions, in the units of `inputs`
  const Eigen::VectorXd& error;         // n: the per-event error (the model's anomaly score)
  const Table& raw;                     // n x C: the data's columns, where the seams' centres are given
  const std::vector<std::string>& columns;  // C names of `raw`'s columns
  double top_error_threshold;           // the top errors are the events with error >= this
  // The event numbers to name in messages (n, e.g. rows of a file); empty: 0 .. n-1.
  const std::vector<Index>& event_ids;
};

// Statistics of a log stretch over the edges (see the top of this file).
struct StretchStats {
  double median = 0;  // m: the typical stretch is exp(m)
  double sigma = 0;   // s = 1.4826 MAD
  nlohmann::json to_json() const;
};

struct SeamCluster {
  Index size = 0;
  std::vector<double> centre;   // per column of `raw`: the mean over the seam's events
  std::vector<double> spread;   // per column: the standard deviation over them
  Index peak = -1;              // the event of the largest seam_score (an event id)
  double peak_seam_score = 0;
  double mean_error = 0;
  double max_error = 0;
  std::vector<Index> events;    // the seam's events (rows 0 .. n-1), ascending
};

struct SeamResult {
  SeamSettings settings;
  std::vector<std::string> columns;
  Index n_events = 0;
  Index n_edges = 0;                 // directed: n * k_graph
  bool approximate = false;          // neighbours by the approximate search
  StretchStats stretch;              // log rho: the rule's
  StretchStats code_stretch;         // log |dz| / |dx| (for information)
  StretchStats reconstruction_stretch;  // log |dr| / |dx| (for information)
  double log_threshold = 0;          // tau
  double threshold = 0;              // exp(tau): events with seam_score above it are flagged
  Index n_torn_edges = 0;
  Index n_flagged = 0;               // events with a torn edge
  Index n_seam_events = 0;           // flagged events in the seams kept
  Index n_isolated = 0;              // flagged events in components below min_cluster_size

  Eigen::VectorXd seam_score;        // n
  std::vector<std::uint8_t> on_seam; // n: 1 on a seam kept
  std::vector<SeamCluster> seams;    // largest first (ties: lowest first event)

  double top_error_threshold = 0;
  Index n_top_errors = 0;            // events with error >= top_error_threshold
  Index n_top_errors_on_seam = 0;
  double seam_fraction_of_top_errors = 0;  // n_top_errors_on_seam / n_top_errors (NaN if none)

  // Everything but the per-event vectors; clusters with size, centre {column: value},
  // spread, peak (with its event id and place), mean and max error.
  nlohmann::json to_json() const;
};

// Throws InputError if the shapes disagree, a value is not finite (the error may not be NaN),
// there are fewer events than neighbours + 1 or fewer than 2 input columns, the settings are
// invalid (SeamSettings::validate), or two events have identical inputs (their distance 0
// makes the stretch undefined; the message names both).
SeamResult find_seams(const SeamData& data, const SeamSettings& settings = {});

// 2 k_graph (1 - Phi(c)): the fraction of flagged events a continuous encoder with normally
// distributed log stretches would give at most (see the top of this file).
double null_seam_fraction_bound(const SeamSettings& settings);

}  // namespace topae::topology
