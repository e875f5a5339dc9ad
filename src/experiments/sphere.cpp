#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "topae/data/generators/sphere.hpp"
#include "topae/experiments/models.hpp"
#include "topae/experiments/surfaces.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/topology/antipodal_search.hpp"
#include "topae/topology/borsuk_ulam.hpp"
#include "topae/analysis/thresholds.hpp"

namespace topae::experiments {

namespace {

// The antipodes of a sphere sample: x -> -x, theta -> pi - theta, phi -> phi + pi.
data::Dataset antipodal(const data::Dataset& d) {
  data::Dataset a = d;
  for (const char* c : {"x", "y", "z"}) a.values.col(a.column_index(c)) *= -1;
  a.values.col(a.column_index("theta")) = std::numbers::pi - a.values.col(a.column_index("theta")).array();
  auto phi = a.values.col(a.column_index("phi"));
  for (Index i = 0; i < phi.size(); ++i) phi[i] = std::fmod(phi[i] + std::numbers::pi, 2 * std::numbers::pi);
  return a;
}

}  // namespace

nlohmann::json SphereConfig::to_json() const {
  return {{"training", training.to_json()}, {"latents", latents}, {"n_test", n_test}};
}

nlohmann::json run_sphere(const SphereConfig& config, const std::filesystem::path& dir) {
  const auto [train, test] =
      train_and_test_samples(data::SphereSpec{}, data::generate_sphere, config.training, config.n_test);
  const auto models = train_and_score(dir, train, config.latents, config.training,
                                      {{"test", test}, {"antipodes", antipodal(test)}}, {});

  nlohmann::json runs = nlohmann::json::array();
  for (const auto& m : models) {
    const auto& s = m.scores.at("test");
    const auto& a = m.scores.at("antipodes");
    const std::vector<std::string> xyz = {"x", "y", "z"}, rec = {"rec_x", "rec_y", "rec_z"};
    const auto z = latent_names(m.k);
    const auto certificate = topology::borsuk_ulam_certificate(s.select(xyz, "test"), a.select(xyz, "antipodes"),
                                                               s.select(rec, "test"), a.select(rec, "antipodes"),
                                                               s.select(z, "test"), a.select(z, "antipodes"));
    // Sharpen it on the sphere itself, from the sample pair whose codes are closest.
    const auto start = topology::closest_latent_pair(s.select(z, "test"), a.select(z, "antipodes"));
    const Eigen::RowVector3d p0 = s.select(xyz, "test").row(start.index);
    const topology::Chart chart{
        [](const Eigen::VectorXd& u) {
          return Eigen::Vector3d(std::sin(u[0]) * std::cos(u[1]), std::sin(u[0]) * std::sin(u[1]), std::cos(u[0])).eval();
        },
        [](const Eigen::VectorXd& p) { return Eigen::VectorXd(-p); }};
    const auto refined = topology::search_antipodal_pair(
        m.model(), chart, Eigen::Vector2d(std::acos(std::clamp(p0.z(), -1.0, 1.0)), std::atan2(p0.y(), p0.x())));
    const double max_distance = std::max({column(s, "distance").maxCoeff(), refined.error, refined.image_error});
    runs.push_back({{"latent", m.k},
                    {"seed", m.seed},
                    {"max_distance", max_distance},
                    {"max_distance_on_sample", column(s, "distance").maxCoeff()},
                    {"borsuk_ulam_refined", refined.to_json()},
                    {"distance_quantiles", analysis::error_quantiles(column(s, "distance")).to_json()},
                    {"borsuk_ulam", certificate.to_json()}});

    // The error map in equirectangular projection: azimuth phi against polar angle theta.
    report::FigureSpec map;
    map.title = fmt::format("Reconstruction distance over the sphere (k = {}, seed {})", m.k, m.seed);
    map.x = {"azimuth phi (rad)", report::Range{0, 2 * std::numbers::pi}, false};
    map.y = {"polar angle theta (rad)", report::Range{0, std::numbers::pi}, false};
    map.color_bar.label = "|x - D(E(x))|";
    map.layers.push_back(report::xy_layer(report::Style::colored_points, {"phi", "theta", "distance"},
                                          {column(s, "phi"), column(s, "theta"), column(s, "distance")}));
    const auto& p = certificate.best;
    map.layers.push_back(report::xy_layer(report::Style::points, {"phi", "theta"},
                                          {Eigen::Vector2d(s.values(p.index, s.column_index("phi")),
                                                           a.values(p.index, a.column_index("phi"))),
                                           Eigen::Vector2d(s.values(p.index, s.column_index("theta")),
                                                           a.values(p.index, a.column_index("theta")))},
                                          "certified antipodal pair"));
    map.layers.back().point_size = 2.5;
    map.layers.back().color = "#d62728";
    report::write_figure(map, m.dir / "error_map");
  }
  return write_results(dir, "sphere", config.to_json(), {{"runs", runs}});
}

}  // namespace topae::experiments
