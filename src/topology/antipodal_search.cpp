#include "topae/topology/antipodal_search.hpp"

#include <cmath>

namespace topae::topology {

namespace {

struct Evaluation {
  double latent_distance;
  AntipodalPair pair;
};

Evaluation evaluate(const nn::Model& model, const Chart& chart, const Eigen::VectorXd& u, bool standardized) {
  const Eigen::VectorXd x = chart.point(u);
  const Eigen::VectorXd ax = chart.antipode(x);
  Table both(2, x.size());
  both.row(0) = x.transpose();
  both.row(1) = ax.transpose();
  const auto s = model.score(both);
  // Differences of raw vectors; standardizing an affine map only divides them by the std.
  const Eigen::VectorXd unit = standardized ? model.standardizer.std() : Eigen::VectorXd::Ones(x.size());
  const auto measure = [&](const Eigen::VectorXd& d) { return d.cwiseQuotient(unit).norm(); };
  AntipodalPair p;
  p.separation = measure(x - ax);
  p.reconstruction_separation = measure((s.reconstruction.row(0) - s.reconstruction.row(1)).transpose());
  p.bound = (p.separation - p.reconstruction_separation) / 2;
  p.error = measure(x - s.reconstruction.row(0).transpose());
  p.image_error = measure(ax - s.reconstruction.row(1).transpose());
  p.latent_distance = (s.latent.row(0) - s.latent.row(1)).norm();
  return {p.latent_distance, p};
}

}  // namespace

AntipodalPair search_antipodal_pair(const nn::Model& model, const Chart& chart, const Eigen::VectorXd& start,
                                    const AntipodalSearch& options) {
  Eigen::VectorXd u = start;
  Evaluation best = evaluate(model, chart, u, options.standardized);
  int evaluations = 1;
  // Compass search: try +-step along each parameter, move on improvement, halve otherwise.
  for (double step = options.initial_step; step > options.final_step && evaluations < options.max_evaluations;) {
    bool moved = false;
    for (Index i = 0; i < u.size() && !moved; ++i) {
      for (const double sign : {1.0, -1.0}) {
        Eigen::VectorXd v = u;
        v[i] += sign * step;
        const auto e = evaluate(model, chart, v, options.standardized);
        ++evaluations;
        if (e.latent_distance < best.latent_distance) {
          best = e;
          u = v;
          moved = true;
          break;
        }
      }
    }
    if (!moved) step /= 2;
  }
  best.pair.index = -1;
  return best.pair;
}

}  // namespace topae::topology
