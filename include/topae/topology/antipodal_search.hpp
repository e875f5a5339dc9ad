#pragma once
// A sharper Borsuk-Ulam certificate: search the manifold itself, not only a sample, for a
// point x whose antipode Ax has (nearly) the same latent code.
//
// On a finite sample the best pair is only as good as the sampling near the seam, where the
// decoder's output changes fast. Borsuk-Ulam says an exact coincidence E(x) = E(Ax) exists
// when k <= d; a compass search over a chart of the manifold, started from the sample's best
// pair, homes in on it. The bound is computed from the model's actual reconstructions of the
// point found, so it is a proof whatever the search achieves.
#include <functional>

#include "topae/nn/model.hpp"
#include "topae/topology/borsuk_ulam.hpp"

namespace topae::topology {

struct Chart {
  // Parameters (e.g. theta; or theta, phi) -> a point of the manifold in the model's raw
  // input coordinates.
  std::function<Eigen::VectorXd(const Eigen::VectorXd&)> point;
  // The antipodal isometry on points.
  std::function<Eigen::VectorXd(const Eigen::VectorXd&)> antipode;
};

struct AntipodalSearch {
  int max_evaluations = 2000;
  double initial_step = 0.05;  // in chart parameters
  double final_step = 1e-12;
  // Measure the pair's separations and errors in the model's standardized units (the
  // coordinates its error and loss use) rather than in raw units.
  bool standardized = false;
};

// Minimises |E(p(u)) - E(A p(u))| over u from `start`; returns the pair found (index -1) with
// the bound it proves.
AntipodalPair search_antipodal_pair(const nn::Model& model, const Chart& chart, const Eigen::VectorXd& start,
                                    const AntipodalSearch& options = {});

}  // namespace topae::topology
