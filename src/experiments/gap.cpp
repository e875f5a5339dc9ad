#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/paraboloid.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/models.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/analysis/thresholds.hpp"

namespace topae::experiments {

namespace {

// Surface points moved `distance` along the paraboloid's unit normal, alternately up and down.
data::Dataset off_paraboloid(data::Dataset d, double distance) {
  const int ix = d.column_index("x"), iy = d.column_index("y"), iz = d.column_index("z");
  for (Index i = 0; i < d.n_events(); ++i) {
    const double x = d.values(i, ix), y = d.values(i, iy);
    const Eigen::Vector3d normal = Eigen::Vector3d(-2 * x, -2 * y, 1).normalized();
    const double sign = i % 2 == 0 ? 1.0 : -1.0;
    d.values(i, ix) += sign * distance * normal.x();
    d.values(i, iy) += sign * distance * normal.y();
    d.values(i, iz) += sign * distance * normal.z();
  }
  return d;
}

// Circle points moved radially to radius 1 +- distance, alternately out and in.
data::Dataset off_circle(data::Dataset d, double distance) {
  const int ix = d.column_index("x"), iy = d.column_index("y");
  for (Index i = 0; i < d.n_events(); ++i) {
    const double scale = 1 + (i % 2 == 0 ? distance : -distance);
    d.values(i, ix) *= scale;
    d.values(i, iy) *= scale;
  }
  return d;
}

// The fraction of each test set flagged at the threshold that flags `fraction` of the
// training points.
nlohmann::json flagged(const TrainedModel& m, double fraction, const std::vector<std::string>& tests) {
  const auto threshold = analysis::threshold_for_fraction(column(m.scores.at("train"), "error"), fraction);
  nlohmann::json j = {{"latent", m.k}, {"seed", m.seed}, {"threshold", threshold.to_json()}};
  for (const auto& name : tests)
    j["flagged_" + name] = analysis::flagged_fraction(column(m.scores.at(name), "error"), threshold.value);
  return j;
}

}  // namespace

nlohmann::json GapConfig::to_json() const {
  return {{"training", training.to_json()}, {"r_max", r_max},           {"r_hole", r_hole},
          {"arc_gap", arc_gap},             {"off_distance", off_distance}, {"flag_fraction", flag_fraction},
          {"n_test", n_test}};
}

nlohmann::json run_gap(const GapConfig& config, const std::filesystem::path& dir) {
  const auto seed = config.training.first_seed;

  // (a) The paraboloid with its centre excised, k = 2.
  data::ParaboloidSpec p;
  p.r_max = config.r_max;
  p.r_hole = config.r_hole;
  const auto [paraboloid, annulus] =
      train_and_test_samples(p, data::generate_paraboloid, config.training, config.n_test);
  p.n = config.n_test;
  p.seed = seed + 1000;
  p.r_hole = 0;
  const auto disk = data::generate_paraboloid(p);
  p.r_max = config.r_hole;
  p.seed = seed + 2000;
  const auto centre = data::generate_paraboloid(p);
  const auto paraboloid_models =
      train_and_score(dir / "paraboloid", paraboloid, {2}, config.training,
                      {{"train", paraboloid}, {"disk", disk}, {"centre", centre},
                       {"off", off_paraboloid(annulus, config.off_distance)}},
                      {});
  nlohmann::json paraboloid_runs = nlohmann::json::array();
  for (const auto& m : paraboloid_models) {
    paraboloid_runs.push_back(flagged(m, config.flag_fraction, {"disk", "centre", "off"}));
    const auto& s = m.scores.at("disk");
    report::FigureSpec map;
    map.title = fmt::format("Error over the paraboloid's disk, centre r < {} excised in training (seed {})",
                            config.r_hole, m.seed);
    map.x.label = "x";
    map.y.label = "y";
    map.square = true;
    map.color_bar.label = "error (standardized)";
    map.color_bar.log = true;
    map.layers.push_back(report::xy_layer(report::Style::colored_points, {"x", "y", "error"},
                                          {column(s, "x"), column(s, "y"), column(s, "error").cwiseMax(1e-12)}));
    map.layers.push_back(report::circle_layer(0, 0, config.r_hole, "excised centre"));
    report::write_figure(map, m.dir / "error_map");
  }

  // (b) The unit circle with an arc removed around theta = pi, k = 1: an interval, no seam.
  data::CircleSpec c;
  c.gap_width = config.arc_gap;
  const auto [arc, arc_test] = train_and_test_samples(c, data::generate_circle, config.training, config.n_test);
  data::Dataset gap = arc_test;  // points in the missing arc, evenly spaced
  for (Index i = 0; i < gap.n_events(); ++i) {
    const double theta = std::numbers::pi + config.arc_gap * ((static_cast<double>(i) + 0.5) / static_cast<double>(gap.n_events()) - 0.5);
    gap.values.row(i) << std::cos(theta), std::sin(theta), theta;
  }
  const auto arc_models = train_and_score(dir / "arc", arc, {1}, config.training,
                                          {{"train", arc}, {"gap", gap}, {"off", off_circle(arc_test, config.off_distance)}},
                                          {});
  nlohmann::json arc_runs = nlohmann::json::array();
  for (const auto& m : arc_models) arc_runs.push_back(flagged(m, config.flag_fraction, {"gap", "off"}));

  return write_results(dir, "gap", config.to_json(),
                       {{"paraboloid", {{"runs", paraboloid_runs}}}, {"arc", {{"runs", arc_runs}}}});
}

}  // namespace topae::experiments
