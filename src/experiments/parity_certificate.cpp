#include "topae/experiments/parity_certificate.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

#include "topae/analysis/score_columns.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/physics/features.hpp"
#include "topae/physics/three_body_chart.hpp"
#include "topae/topology/antipodal_search.hpp"
#include "topae/topology/borsuk_ulam.hpp"

namespace topae::experiments {

ParityCertificate parity_certificate(const nn::Model& model, std::uint64_t seed, const data::Dataset& scores,
                                     const data::Dataset& image_scores, const physics::PhaseSpaceSample& test,
                                     int search_starts) {
  const auto& columns = model.columns;
  const auto rec = analysis::reconstruction_columns(columns);
  // The network's own coordinates: its loss is the squared distance in them.
  const auto standardized = [&](const data::Dataset& d, const std::vector<std::string>& names) {
    return model.standardizer.standardize(d.select(names, "scores"));
  };
  const auto z = analysis::latent_columns(model.autoencoder.code_dim());
  const Table zs = scores.select(z, "test"), za = image_scores.select(z, "antipodes");
  const auto sample = topology::borsuk_ulam_certificate(standardized(scores, columns), standardized(image_scores, columns),
                                                        standardized(scores, rec), standardized(image_scores, rec), zs, za);

  const Eigen::VectorXd gap = (zs - za).rowwise().norm();
  std::vector<Index> order(static_cast<std::size_t>(gap.size()));
  std::iota(order.begin(), order.end(), 0);
  const auto starts = std::min<std::size_t>(static_cast<std::size_t>(search_starts), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(starts), order.end(),
                    [&](Index i, Index j) { return gap[i] < gap[j]; });
  std::optional<topology::AntipodalPair> best;
  double closest_codes = gap.minCoeff();
  for (std::size_t k = 0; k < starts; ++k) {
    const physics::ThreeBodyChart chart(test.event(order[k]));
    const topology::Chart c{[&chart](const Eigen::VectorXd& u) { return physics::momentum_features(chart.event(u)); },
                            physics::momentum_features_parity};
    topology::AntipodalSearch options;
    options.standardized = true;
    const auto found = topology::search_antipodal_pair(model, c, chart.start(), options);
    closest_codes = std::min(closest_codes, found.latent_distance);
    if (!best || found.bound > best->bound) best = found;
  }
  ParityCertificate c;
  c.latent = model.autoencoder.latent_dim();
  c.seed = seed;
  c.sample = sample.to_json();
  c.searched = best ? best->to_json() : nlohmann::json(nullptr);
  c.bound = std::max(sample.best.bound, best ? best->bound : sample.best.bound);
  c.floor = sample.floor;
  c.bound_over_floor = c.bound / sample.floor;
  c.forced_loss = c.bound > 0 ? c.bound * c.bound : 0.0;
  const double typical = analysis::quantile(gap, 0.5);
  c.code_gap = typical > 0 ? closest_codes / typical : 0.0;
  return c;
}

}  // namespace topae::experiments
