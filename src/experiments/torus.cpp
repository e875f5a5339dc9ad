#include <fmt/format.h>

#include <numbers>

#include "topae/data/generators/torus.hpp"
#include "topae/experiments/models.hpp"
#include "topae/experiments/surfaces.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/topology/seams.hpp"
#include "topae/analysis/thresholds.hpp"

namespace topae::experiments {

nlohmann::json TorusConfig::to_json() const {
  return {{"training", training.to_json()}, {"latents", latents},         {"major_radius", major_radius},
          {"minor_radius", minor_radius},   {"n_test", n_test}};
}

nlohmann::json run_torus(const TorusConfig& config, const std::filesystem::path& dir) {
  data::TorusSpec spec;
  spec.major_radius = config.major_radius;
  spec.minor_radius = config.minor_radius;
  const auto [train, test] = train_and_test_samples(spec, data::generate_torus, config.training, config.n_test);
  const auto models = train_and_score(dir, train, config.latents, config.training, {{"test", test}}, {});

  nlohmann::json runs = nlohmann::json::array();
  nlohmann::json max_error_by_latent = nlohmann::json::object();
  for (const auto& m : models) {
    const auto& s = m.scores.at("test");
    const Eigen::VectorXd error = column(s, "error");
    // The seam: points whose error exceeds ten times the median (a tear, not the fit's noise).
    const auto quantiles = analysis::error_quantiles(error);
    const auto seam = topology::find_seam_points(error, 10 * quantiles.p50);
    runs.push_back({{"latent", m.k},
                    {"seed", m.seed},
                    {"max_error", error.maxCoeff()},
                    {"max_distance", column(s, "distance").maxCoeff()},
                    {"error_quantiles", quantiles.to_json()},
                    {"seam_fraction", seam.fraction}});
    auto& best = max_error_by_latent[std::to_string(m.k)];
    if (best.is_null() || best.get<double>() > error.maxCoeff()) best = error.maxCoeff();  // min over seeds

    report::FigureSpec map;
    map.title = fmt::format("Reconstruction error over the torus (k = {}, seed {})", m.k, m.seed);
    map.x = {"u: angle around the axis (rad)", report::Range{0, 2 * std::numbers::pi}, false};
    map.y = {"v: angle around the tube (rad)", report::Range{0, 2 * std::numbers::pi}, false};
    map.square = true;
    map.color_bar.label = "error (standardized)";
    map.color_bar.log = true;
    map.layers.push_back(report::xy_layer(report::Style::colored_points, {"u", "v", "error"},
                                          {column(s, "u"), column(s, "v"), error.cwiseMax(1e-12)}));
    report::write_figure(map, m.dir / "error_map");
  }
  nlohmann::json body = {{"runs", runs}, {"min_over_seeds_of_max_error", max_error_by_latent}};
  if (max_error_by_latent.contains("2") && max_error_by_latent.contains("3"))
    body["max_error_ratio_k2_over_k3"] = max_error_by_latent["2"].get<double>() / max_error_by_latent["3"].get<double>();
  return write_results(dir, "torus", config.to_json(), std::move(body));
}

}  // namespace topae::experiments
