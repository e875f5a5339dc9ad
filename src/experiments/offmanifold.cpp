#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/models.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"

namespace topae::experiments {

namespace {

// Spearman's rank correlation (ties get their average rank).
double rank_correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const auto ranks = [](const Eigen::VectorXd& v) {
    std::vector<Index> order(static_cast<std::size_t>(v.size()));
    std::iota(order.begin(), order.end(), Index{0});
    std::sort(order.begin(), order.end(), [&](Index i, Index j) { return v[i] < v[j]; });
    Eigen::VectorXd r(v.size());
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i;
      while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
      for (std::size_t t = i; t <= j; ++t) r[order[t]] = 0.5 * static_cast<double>(i + j);
      i = j + 1;
    }
    return r;
  };
  const Eigen::VectorXd rank_a = ranks(a), rank_b = ranks(b);
  const Eigen::VectorXd ra = rank_a.array() - rank_a.mean();
  const Eigen::VectorXd rb = rank_b.array() - rank_b.mean();
  return ra.dot(rb) / std::sqrt(ra.squaredNorm() * rb.squaredNorm());
}

}  // namespace

void OffManifoldConfig::validate() const {
  training.validate({2});
  // Its corners and the rank correlation need at least two points a side.
  checks::check_flag_at_least("--grid", grid, 2);
}

OffManifoldResult run_offmanifold(const OffManifoldConfig& config, const std::filesystem::path& dir) {
  data::CircleSpec c;
  c.n = config.training.n;
  c.seed = named_seed(config.training.first_seed, "train");
  const auto train = data::generate_circle(c);

  // The square [-1, 1]^2 on a grid; truth: the distance to the unit circle.
  const Index g = config.grid;
  const Eigen::VectorXd axis = Eigen::VectorXd::LinSpaced(g, -1, 1);
  data::Dataset square;
  square.columns = {"x", "y", "distance_to_circle"};
  square.truth = {"distance_to_circle"};
  square.values.resize(g * g, 3);
  for (Index i = 0; i < g; ++i)
    for (Index j = 0; j < g; ++j)
      square.values.row(i * g + j) << axis[j], axis[i], std::abs(std::hypot(axis[j], axis[i]) - 1);

  const auto models = train_and_score(dir, train, {2}, config.training, {{"square", square}}, {});
  OffManifoldResult result;
  for (const auto& m : models) {
    const auto& s = m.scores.at("square");
    const Eigen::VectorXd error = column(s, "error");
    const Eigen::VectorXd distance = column(s, "distance_to_circle");
    // Mean error in bins of distance to the circle: a monotone loss would rise bin by bin.
    constexpr double kBin = 0.05;
    const auto n_bins = static_cast<Index>(std::ceil(distance.maxCoeff() / kBin)) + 1;
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(n_bins), count = Eigen::VectorXd::Zero(n_bins);
    for (Index i = 0; i < error.size(); ++i) {
      const auto b = static_cast<Index>(distance[i] / kBin);
      sum[b] += error[i];
      count[b] += 1;
    }
    std::vector<double> profile;
    for (Index b = 0; b < n_bins; ++b)
      if (count[b] > 0) profile.push_back(sum[b] / count[b]);
    int decreases = 0;
    for (std::size_t b = 1; b < profile.size(); ++b) decreases += profile[b] < profile[b - 1];
    const Index centre = (g / 2) * g + g / 2;
    const double corners = (error[0] + error[g - 1] + error[(g - 1) * g] + error[g * g - 1]) / 4;
    result.runs.push_back({2, m.seed, error[centre], distance[centre], corners, distance[0],
                           rank_correlation(error, distance), kBin, profile, decreases});

    report::FigureSpec map;
    map.title = fmt::format("Loss over the square, trained on the unit circle (k = 2, seed {})", m.seed);
    map.x = {"x", report::Range{-1, 1}, false};
    map.y = {"y", report::Range{-1, 1}, false};
    map.square = true;
    map.color_bar.label = "error (standardized)";
    map.color_bar.log = true;
    Table grid_values(g, g);
    for (Index i = 0; i < g; ++i)
      for (Index j = 0; j < g; ++j) grid_values(i, j) = std::max(error[i * g + j], 1e-12);
    map.layers.push_back(report::image_layer(axis, axis, grid_values, "error"));
    map.layers.push_back(report::circle_layer(0, 0, 1, "training data"));
    const auto figure = write_figure(map, dir, model_folder(m.k, m.seed) + "/loss_map",
                                     "Loss over the square; the circle is the data");
    if (m.seed == config.training.first_seed) result.figures.push_back(figure);  // the report shows the first seed's
  }
  return result;
}

Experiment offmanifold_experiment() {
  using C = OffManifoldConfig;
  using R = OffManifoldResult;
  Definition<C, R> d;
  d.name = "offmanifold";
  d.title = "Off-manifold loss map";
  d.help = "The unit circle at k = 2, scored over the square [-1, 1]^2";
  d.text =
      "A k = 2 autoencoder of the unit circle scored over the square [-1, 1]^2. The loss is not a monotone "
      "function of the distance to the circle: points far from the data can look normal.";
  d.parameters = {
      parameter<C>("grid", "Test points per side of the square", [](C& c) -> Index& { return c.grid; }),
  };
  d.run = run_offmanifold;
  d.claims = {
      {"not-monotone", "the loss is not a monotone function of the distance to the circle",
       "smallest number over seeds of the bins of distance where the mean loss falls", at_least(1),
       "each bin holds whole rings of the grid (no sampling noise): a loss that grew with the distance would give "
       "bin means that grow bin by bin, so a single fall shows that it does not",
       [](const R& r) { return smallest(per_run(r.runs, &OffManifoldRun::profile_decreases)); }},
  };
  d.numbers = [](const R& r, const C&) {
    return std::vector<Number>{
        {"rank correlation of loss and distance", value_span(per_run(r.runs, &OffManifoldRun::rank_correlation_error_distance), 2)}};
  };
  return Experiment(std::move(d));
}

}  // namespace topae::experiments
