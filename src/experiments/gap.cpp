#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "topae/analysis/thresholds.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/paraboloid.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/models.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"

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

// The threshold that flags `fraction` of the model's training points.
analysis::Threshold training_threshold(const TrainedModel& m, double fraction) {
  return analysis::threshold_for_fraction(column(m.scores.at("train"), "error"), fraction);
}

// The fraction of the test set `test` it flags.
double flagged(const TrainedModel& m, const std::string& test, const analysis::Threshold& threshold) {
  return analysis::flagged_fraction(column(m.scores.at(test), "error"), threshold.value);
}

}  // namespace

void GapConfig::validate() const {
  training.validate({1, 2});
  data::ParaboloidSpec paraboloid;  // its messages name --r-max and --r-hole
  paraboloid.r_max = r_max;
  paraboloid.r_hole = r_hole;
  paraboloid.validate();
  if (!(r_hole > 0)) throw InputError(fmt::format("--r-hole must be positive (the hole to test), got {}", r_hole));
  if (!(arc_gap > 0 && arc_gap < 2 * std::numbers::pi))
    throw InputError(fmt::format("--arc-gap must lie in (0, 2 pi) radians, got {}", arc_gap));
  // Points moved inward by 1 or more would reach or cross the circle's centre.
  if (!(off_distance > 0 && off_distance < 1))
    throw InputError(fmt::format("--off-distance must lie in (0, 1), got {}", off_distance));
  if (!(flag_fraction > 0 && flag_fraction < 1))
    throw InputError(fmt::format("--flag-fraction must lie in (0, 1), got {}", flag_fraction));
  checks::check_flag_at_least("--n-test", n_test, 1);
}

GapResult run_gap(const GapConfig& config, const std::filesystem::path& dir) {
  const auto seed = config.training.first_seed;

  // (a) The paraboloid with its centre excised, k = 2.
  data::ParaboloidSpec p;
  p.r_max = config.r_max;
  p.r_hole = config.r_hole;
  const auto [paraboloid, annulus] =
      train_and_test_samples(p, data::generate_paraboloid, config.training, config.n_test);
  p.n = config.n_test;
  p.seed = named_seed(seed, "disk");
  p.r_hole = 0;
  const auto disk = data::generate_paraboloid(p);
  p.r_max = config.r_hole;
  p.seed = named_seed(seed, "centre");
  const auto centre = data::generate_paraboloid(p);
  const auto paraboloid_models =
      train_and_score(dir / "paraboloid", paraboloid, {2}, config.training,
                      {{"train", paraboloid}, {"disk", disk}, {"centre", centre},
                       {"off", off_paraboloid(annulus, config.off_distance)}},
                      {});
  GapResult result;
  for (const auto& m : paraboloid_models) {
    const auto t = training_threshold(m, config.flag_fraction);
    result.paraboloid.runs.push_back(
        {m.k, m.seed, t.to_json(), flagged(m, "disk", t), flagged(m, "centre", t), flagged(m, "off", t)});
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
    const auto figure = write_figure(map, dir, "paraboloid/" + model_folder(m.k, m.seed) + "/error_map",
                                     "Error over the disk; the centre was excised");
    if (m.seed == seed) result.figures.push_back(figure);  // the report shows the first seed's
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
  for (const auto& m : arc_models) {
    const auto t = training_threshold(m, config.flag_fraction);
    result.arc.runs.push_back({m.k, m.seed, t.to_json(), flagged(m, "gap", t), flagged(m, "off", t)});
  }
  return result;
}

Experiment gap_experiment() {
  using C = GapConfig;
  using R = GapResult;
  Definition<C, R> d;
  d.name = "gap";
  d.title = "Gaps are filled in";
  d.help =
      "Holes the autoencoder fills in: the paraboloid with its centre excised (k = 2), the circle with an arc "
      "removed (k = 1)";
  d.text =
      "Networks interpolate: points in a hole of the training data are reconstructed almost as well as the data, "
      "so an anomaly there is missed, while points off the surface are caught.";
  d.parameters = {
      parameter<C>("r-max", "Paraboloid disk radius", [](C& c) -> double& { return c.r_max; }),
      parameter<C>("r-hole", "Radius of the excised centre", [](C& c) -> double& { return c.r_hole; }),
      parameter<C>("arc-gap", "Radians removed from the circle", [](C& c) -> double& { return c.arc_gap; }),
      parameter<C>("off-distance", "Distance of the off-surface test points",
                   [](C& c) -> double& { return c.off_distance; }),
      parameter<C>("flag-fraction", "Fraction of training points the threshold flags",
                   [](C& c) -> double& { return c.flag_fraction; }),
      parameter<C>("n-test", "Points per test set", [](C& c) -> Index& { return c.n_test; }),
  };
  d.run = run_gap;
  d.claims = {
      {"centre-missed", "paraboloid, k = 2: the excised centre is reconstructed like the data",
       "largest share over seeds of the excised centre's points flagged", below(0.5),
       "the threshold flags 1 % of the training points: points the network treats like data are flagged about 1 % "
       "of the time, points it sees as anomalous nearly always; half separates the two",
       [](const R& r) { return largest(per_run(r.paraboloid.runs, &GapParaboloidRun::flagged_centre)); }},
      {"off-surface-caught", "paraboloid, k = 2: points off the surface are caught",
       "smallest share over seeds of the off-surface points flagged", above(0.95),
       "a point 0.5 off the surface is reconstructed near the surface, an error far above the threshold that the "
       "fit's residual sets, so nearly every one is flagged; 95 % leaves a few per cent for points that land near "
       "another part of the bowl, and is far from the 1 % that data-like points would give",
       [](const R& r) { return smallest(per_run(r.paraboloid.runs, &GapParaboloidRun::flagged_off)); }},
      {"arc-missed", "circle with an arc removed, k = 1: the missing arc is reconstructed like the data",
       "largest share over seeds of the missing arc's points flagged", below(0.5),
       "as for the paraboloid's centre: data-like points are flagged about 1 % of the time, anomalous ones nearly "
       "always; half separates the two",
       [](const R& r) { return largest(per_run(r.arc.runs, &GapArcRun::flagged_gap)); }},
  };
  return Experiment(std::move(d));
}

}  // namespace topae::experiments
