#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "topae/analysis/score_table.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/data/generators/sphere.hpp"
#include "topae/experiments/models.hpp"
#include "topae/experiments/surfaces.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/topology/antipodal_search.hpp"
#include "topae/topology/borsuk_ulam.hpp"

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

void SphereConfig::validate() const {
  training.validate(latents);
  checks::check_flag_at_least("--n-test", n_test, 1);
}

SphereResult run_sphere(const SphereConfig& config, const std::filesystem::path& dir) {
  const auto [train, test] =
      train_and_test_samples(data::SphereSpec{}, data::generate_sphere, config.training, config.n_test);
  const auto models = train_and_score(dir, train, config.latents, config.training,
                                      {{"test", test}, {"antipodes", antipodal(test)}}, {});

  SphereResult result;
  for (const auto& m : models) {
    const auto& s = m.scores.at("test");
    const auto& a = m.scores.at("antipodes");
    const std::vector<std::string> xyz = {"x", "y", "z"};
    const auto rec = analysis::reconstruction_columns(xyz);
    const auto z = analysis::latent_columns(m.k);
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
    SphereRun run;
    run.latent = m.k;
    run.seed = m.seed;
    run.max_distance = std::max({column(s, "distance").maxCoeff(), refined.error, refined.image_error});
    run.max_distance_on_sample = column(s, "distance").maxCoeff();
    run.certificate = std::max(certificate.best.bound, refined.bound);
    run.borsuk_ulam = certificate.to_json();
    run.borsuk_ulam_refined = refined.to_json();
    run.distance_quantiles = analysis::error_quantiles(column(s, "distance")).to_json();
    result.runs.push_back(std::move(run));

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
    // The report shows the first seed's map per latent dimension, and its k = 2 snapshots.
    const auto figure = write_figure(map, dir, model_folder(m.k, m.seed) + "/error_map",
                                     result.figures.empty()
                                         ? fmt::format("Reconstruction distance over the sphere, k = {}", m.k)
                                         : fmt::format("The same at k = {}", m.k));
    if (m.seed == config.training.first_seed) {
      result.figures.push_back(figure);
      if (m.k == 2) result.snapshots.push_back({model_folder(m.k, m.seed) + "/latent_snapshots.csv", "k = 2", "theta"});
    }
  }
  return result;
}

Experiment sphere_experiment() {
  using C = SphereConfig;
  using R = SphereResult;
  Definition<C, R> d;
  d.name = "sphere";
  d.title = "Sphere";
  d.help = "The unit 2-sphere at k = 2 (the forced antipodal pair) and k = 3";
  d.text =
      "The unit 2-sphere at k = 2 must have an antipodal pair with one code (Borsuk-Ulam): a point is reconstructed "
      "at least 1 away. At k = 3 the sphere embeds and is reconstructed everywhere.";
  d.parameters = {
      parameter<C>("latent", "Latent dimensions", [](C& c) -> std::vector<Index>& { return c.latents; }),
      parameter<C>("n-test", "Random test points (each also scored at its antipode)",
                   [](C& c) -> Index& { return c.n_test; }),
  };
  d.run = run_sphere;
  d.claims = {
      {"k2-certificate", "k = 2 must tear the sphere: the Borsuk-Ulam certificate proves a point >= 1 away",
       "smallest certificate over seeds, k = 2", at_least(0.9),
       "the theorem's bound is the radius, 1; the certificate is the best of the random test pairs and a local "
       "search on the sphere from the pair whose codes are closest, which may stop a few per cent short",
       [](const R& r) { return smallest(per_run(r.runs, 2, &SphereRun::certificate)); }},
      {"k2-tears", "k = 2 tears the sphere: some point is reconstructed about 1 away",
       "smallest over seeds of the largest reconstruction distance, k = 2", at_least(0.95),
       "Borsuk-Ulam forces >= 1 at the exact antipodal pair; the largest distance includes the searched pair's own "
       "errors, so it misses 1 only by how far the search stops from that pair",
       [](const R& r) { return smallest(per_run(r.runs, 2, &SphereRun::max_distance)); }},
      {"k3-reconstructs", "k = 3 reconstructs the whole sphere", "largest reconstruction distance over seeds, k = 3",
       below(0.15),
       "the sphere embeds in R^3, so nothing forces a tear: 0.15 of the radius separates a fit from a tear (k = 2 "
       "gives >= 1), with more room than the circle's 0.1 for a surface fitted from the same number of points",
       [](const R& r) { return largest(per_run(r.runs, 3, &SphereRun::max_distance)); }},
  };
  d.numbers = [](const R& r, const C&) {
    std::vector<Number> n;
    if (const auto c = per_run(r.runs, 2, &SphereRun::certificate); !c.empty())
      n.push_back({"Borsuk-Ulam certificate, k = 2", value_span(c)});
    return n;
  };
  return Experiment(std::move(d));
}

}  // namespace topae::experiments
