#include "topae/experiments/circle.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "topae/data/generators/circle.hpp"
#include "topae/experiments/models.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/topology/antipodal_search.hpp"
#include "topae/topology/borsuk_ulam.hpp"
#include "topae/topology/seams.hpp"
#include "topae/topology/winding_number.hpp"

namespace topae::experiments {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr double kDegree = std::numbers::pi / 180;

// n evenly spaced points of the unit circle, theta_j = 2 pi j / n: point j + n/2 is the
// antipode of point j.
data::Dataset circle_grid(Index n) {
  data::Dataset d;
  d.columns = {"x", "y", "theta"};
  d.truth = {"theta"};
  d.values.resize(n, 3);
  for (Index j = 0; j < n; ++j) {
    const double theta = kTwoPi * static_cast<double>(j) / static_cast<double>(n);
    d.values.row(j) << std::cos(theta), std::sin(theta), theta;
  }
  return d;
}

// Rows shifted by half the table: on the grid, the antipode of every point.
Table antipodes(const Table& t) {
  const Index n = t.rows();
  Table out(n, t.cols());
  for (Index i = 0; i < n; ++i) out.row(i) = t.row((i + n / 2) % n);
  return out;
}

void write_figures(const std::filesystem::path& dir, const std::vector<TrainedModel>& models, Index k,
                   const Eigen::VectorXd& seam_angles) {
  report::FigureSpec error;
  error.title = fmt::format("Reconstruction distance around the circle, k = {}", k);
  error.x = {"angle theta (rad)", report::Range{0, kTwoPi}, false};
  error.y.label = "|x - D(E(x))|";
  for (const auto* m : with_latent(models, k)) {
    const auto& s = m->scores.at("test");
    error.layers.push_back(report::xy_layer(report::Style::lines, {"theta", "distance"},
                                            {column(s, "theta"), column(s, "distance")},
                                            fmt::format("seed {}", m->seed)));
  }
  report::write_figure(error, dir / fmt::format("error_vs_angle_k{}", k));

  const TrainedModel* first = with_latent(models, k).front();
  const auto snapshots = snapshot_table(first->training.snapshots, circle_grid(first->training.snapshots.front().latent.cols()));
  report::FigureSpec latent;
  latent.color_bar.label = "epoch";
  if (k == 1) {
    latent.title = fmt::format("Latent code against angle during training (k = 1, seed {})", first->seed);
    latent.x = {"angle theta (rad)", report::Range{0, kTwoPi}, false};
    latent.y.label = "z_1";
    latent.layers.push_back(report::xy_layer(report::Style::colored_points, {"theta", "z_1", "epoch"},
                                             {column(snapshots, "theta"), column(snapshots, "z_1"),
                                              column(snapshots, "epoch")}));
  } else {
    latent.title = fmt::format("Latent image of the circle during training (k = {}, seed {})", k, first->seed);
    latent.x.label = "z_1";
    latent.y.label = "z_2";
    latent.square = true;
    latent.layers.push_back(report::xy_layer(report::Style::colored_points, {"z_1", "z_2", "epoch"},
                                             {column(snapshots, "z_1"), column(snapshots, "z_2"),
                                              column(snapshots, "epoch")}));
  }
  report::write_figure(latent, dir / fmt::format("latent_during_training_k{}", k));

  const auto& s = first->scores.at("test");
  report::FigureSpec recon;
  recon.title = fmt::format("Data and reconstructions (k = {}, seed {})", k, first->seed);
  recon.x.label = "x";
  recon.y.label = "y";
  recon.square = true;
  recon.layers.push_back(report::circle_layer(0, 0, 1, "unit circle"));
  recon.layers.push_back(
      report::xy_layer(report::Style::points, {"rec_x", "rec_y"}, {column(s, "rec_x"), column(s, "rec_y")},
                       "reconstructions"));
  report::write_figure(recon, dir / fmt::format("reconstructions_k{}", k));

  if (seam_angles.size() > 1) {
    report::FigureSpec hist;
    hist.title = fmt::format("Angle of the largest error over {} seeds (k = {})", seam_angles.size(), k);
    hist.x = {"seam angle (degrees)", report::Range{0, 360}, false};
    hist.y.label = "seeds";
    hist.layers.push_back(report::histogram_layer(seam_angles / kDegree, report::Binning::uniform(24, 0, 360),
                                                  "seam_angle_deg"));
    report::write_figure(hist, dir / fmt::format("seam_angles_k{}", k));
  }
}

}  // namespace

nlohmann::json CircleConfig::to_json() const {
  return {{"training", training.to_json()}, {"latents", latents}, {"noise", noise},
          {"n_test", n_test},               {"n_probe", n_probe}};
}

nlohmann::json run_circle(const CircleConfig& config, const std::filesystem::path& dir) {
  data::CircleSpec circle;
  circle.n = config.training.n;
  circle.noise = config.noise;
  circle.seed = config.training.first_seed;
  const auto train = data::generate_circle(circle);
  const auto grid = circle_grid(config.n_test + config.n_test % 2);
  const auto models = train_and_score(dir, train, config.latents, config.training, {{"test", grid}},
                                      circle_grid(config.n_probe));

  nlohmann::json runs = nlohmann::json::array();
  nlohmann::json by_latent = nlohmann::json::object();
  for (const Index k : config.latents) {
    std::vector<double> seams, max_distances, bounds;
    std::vector<int> windings;
    for (const auto* model : with_latent(models, k)) {
      const auto& m = *model;
      const auto& s = m.scores.at("test");
      const Eigen::VectorXd distance = column(s, "distance");
      const auto seam = topology::find_circle_seam(column(s, "theta"), distance, kTwoPi / 72);
      const Table x = s.select({"x", "y"}, "test");
      const Table r = s.select({"rec_x", "rec_y"}, "test");
      const Table z = s.select(latent_names(k), "test");
      // In raw coordinates the antipodal map x -> -x is an isometry of the circle.
      const auto certificate = topology::borsuk_ulam_certificate(x, antipodes(x), r, antipodes(r), z, antipodes(z));
      // Sharpen it on the circle itself, from the grid pair whose codes are closest.
      const auto start = topology::closest_latent_pair(z, antipodes(z));
      const topology::Chart chart{[](const Eigen::VectorXd& u) { return Eigen::Vector2d(std::cos(u[0]), std::sin(u[0])).eval(); },
                                  [](const Eigen::VectorXd& p) { return Eigen::VectorXd(-p); }};
      const auto refined = topology::search_antipodal_pair(
          m.model(), chart, Eigen::VectorXd::Constant(1, column(s, "theta")[start.index]));
      const double max_distance = std::max({distance.maxCoeff(), refined.error, refined.image_error});
      nlohmann::json run = {{"latent", k},
                            {"seed", m.seed},
                            {"max_distance", max_distance},
                            {"max_distance_on_grid", distance.maxCoeff()},
                            {"mean_error", column(s, "error").mean()},
                            {"seam_angle", seam.angle},
                            {"seam_angle_smoothed", seam.smoothed_angle},
                            {"borsuk_ulam", certificate.to_json()},
                            {"borsuk_ulam_refined", refined.to_json()},
                            {"final_train_loss", m.training.history.epochs.back().train_loss},
                            {"train_seconds", m.training.history.train_seconds}};
      if (k == 2) {
        const auto winding = topology::winding_number(z);  // the grid is ordered by angle
        run["winding_number"] = winding.to_json();
        windings.push_back(winding.winding);
      }
      seams.push_back(seam.angle);
      max_distances.push_back(max_distance);
      bounds.push_back(std::max(certificate.best.bound, refined.bound));
      runs.push_back(std::move(run));
    }
    const Eigen::VectorXd seam_angles = Eigen::Map<Eigen::VectorXd>(seams.data(), static_cast<Index>(seams.size()));
    nlohmann::json summary = {{"seam_angles", seams},
                              {"seam_spread", topology::circular_spread(seam_angles).to_json()},
                              {"max_distance_per_seed", max_distances},
                              {"min_over_seeds_of_max_distance", *std::min_element(max_distances.begin(), max_distances.end())},
                              {"borsuk_ulam_bound_per_seed", bounds},
                              {"min_over_seeds_of_bound", *std::min_element(bounds.begin(), bounds.end())}};
    if (k == 2) summary["winding_numbers"] = windings;
    by_latent[std::to_string(k)] = std::move(summary);
    write_figures(dir, models, k, seam_angles);
  }

  return write_results(dir, "circle", config.to_json(), {{"by_latent", by_latent}, {"runs", runs}});
}

std::string circle_summary(const nlohmann::json& results) {
  std::string out = "circle: largest reconstruction distance and the Borsuk-Ulam bound per seed "
                    "(k = 1 must tear: some point >= 1)\n";
  for (const auto& run : results["runs"]) {
    out += fmt::format("  k={} seed={}  largest distance {:.3f} at theta {:.2f}  certificate >= {:.3f}", run["latent"].get<int>(),
                       run["seed"].get<int>(), run["max_distance"].get<double>(), run["seam_angle"].get<double>(),
                       std::max(run["borsuk_ulam"]["best"]["bound"].get<double>(),
                                run["borsuk_ulam_refined"]["bound"].get<double>()));
    if (run.contains("winding_number")) out += fmt::format("  winding {}", run["winding_number"]["winding"].get<int>());
    out += "\n";
  }
  for (const auto& [k, s] : results["by_latent"].items())
    if (s["seam_angles"].size() > 1)
      out += fmt::format("  k={}: seam angles over {} seeds span an arc of {:.0f} degrees\n", k, s["seam_angles"].size(),
                         s["seam_spread"]["containing_arc"].get<double>() / kDegree);
  return out;
}

}  // namespace topae::experiments
