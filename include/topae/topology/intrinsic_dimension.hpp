#pragma once
// Intrinsic dimension of a sample from its nearest-neighbour distances.
//
// TwoNN (Facco, d'Errico, Rodriguez, Laio 2017): on a d-manifold of locally uniform density
// the ratio mu = r_2 / r_1 of a point's second- to first-neighbour distance has
// P(mu > m) = m^(-d), so log mu is exponential with rate d. Noise inflates the largest ratios:
// the largest `discard` share is censored (counted as "at least the cut"), which gives the
// maximum-likelihood estimate d = m / T of type-II censored exponential data, with m the
// uncensored count and T the total of log mu (censored ones at the cut), and the exact
// interval 2 d T ~ chi^2(2 m).
//
// Levina-Bickel (2004) with the MacKay-Ghahramani correction: for k neighbours,
// d_k = [ mean over points of (1 / (k - 1)) sum_{j<k} log(T_k / T_j) ]^(-1). Noise raises it
// at small k, curvature lowers it at large k: report the curve over k, not one number.
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "topae/topology/neighbours.hpp"

namespace topae::topology {

struct DimensionEstimate {
  double dimension = 0;
  double low = 0, high = 0;  // the 95 % interval
  Index points = 0;          // ratios used (censored included)
  nlohmann::json to_json() const;
};

// Needs neighbours.index.cols() >= 2. Throws InputError on duplicate points (r_1 = 0) or
// `discard` outside [0, 1).
DimensionEstimate two_nn(const Neighbours& neighbours, double discard = 0.1);
// Pooled over disjoint blocks of a sample (each censored on its own, the likelihoods
// multiplied): TwoNN at the scale of the blocks' size with the precision of all points.
DimensionEstimate two_nn(std::span<const Neighbours> blocks, double discard = 0.1);

struct LevinaBickelPoint {
  Index k = 0;
  double dimension = 0;
};

// Local PCA: the covariance spectrum of each point's neighbourhood (the point and its k
// nearest neighbours), as explained-variance ratios, averaged over points. On a d-manifold
// the first d components carry the variance of small neighbourhoods; curvature feeds the
// others as k grows.
struct LocalPcaSpectrum {
  Index k = 0;
  std::vector<double> explained;  // per component, descending, summing to 1
  // The fewest components explaining at least `threshold` of the variance on average.
  Index components_for(double threshold) const;
};

// Needs 1 <= k <= neighbours.index.cols() and `points` the rows the neighbours were found in.
LocalPcaSpectrum local_pca(const Table& points, const Neighbours& neighbours, Index k);

// d_k for k = k_min .. k_max (2 <= k_min <= k_max <= neighbours.index.cols()); InputError otherwise
// or on duplicate points.
std::vector<LevinaBickelPoint> levina_bickel(const Neighbours& neighbours, Index k_min, Index k_max);

}  // namespace topae::topology
