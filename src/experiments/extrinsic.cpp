#include <fmt/format.h>
#include <numbers>

#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/trefoil.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/models.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/topology/seams.hpp"

namespace topae::experiments {

nlohmann::json ExtrinsicConfig::to_json() const {
  return {{"training", training.to_json()}, {"latents", latents}, {"arc_gap", arc_gap}, {"n_test", n_test}};
}

nlohmann::json run_extrinsic(const ExtrinsicConfig& config, const std::filesystem::path& dir) {
  struct Embedding {
    std::string name;
    std::string parameter;  // the intrinsic angle's column
    data::Dataset train, test;
  };
  data::CircleSpec arc;
  arc.gap_width = config.arc_gap;
  const auto embedding = [&](std::string name, std::string parameter, auto spec, auto generate) {
    auto [train, test] = train_and_test_samples(spec, generate, config.training, config.n_test);
    return Embedding{std::move(name), std::move(parameter), std::move(train), std::move(test)};
  };
  const std::vector<Embedding> embeddings = {
      embedding("planar", "theta", data::CircleSpec{}, data::generate_circle),
      embedding("trefoil", "t", data::TrefoilSpec{}, data::generate_trefoil),
      embedding("arc", "theta", arc, data::generate_circle)};

  nlohmann::json by_embedding = nlohmann::json::object();
  for (const auto& e : embeddings) {
    const auto models = train_and_score(dir / e.name, e.train, config.latents, config.training, {{"test", e.test}}, {});
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& m : models) {
      const auto& s = m.scores.at("test");
      const auto seam = topology::find_circle_seam(column(s, e.parameter), column(s, "error"), 2 * std::numbers::pi / 72);
      runs.push_back({{"latent", m.k},
                      {"seed", m.seed},
                      {"max_error", column(s, "error").maxCoeff()},
                      {"max_distance", column(s, "distance").maxCoeff()},
                      {"seam_parameter", seam.angle}});
    }
    for (const Index k : config.latents) {
      report::FigureSpec fig;
      fig.title = fmt::format("Error along the {} embedding of the circle (k = {})", e.name, k);
      fig.x.label = e.parameter == "t" ? "knot parameter t (rad)" : "angle theta (rad)";
      fig.y = {"error (standardized)", {}, true};
      for (const auto* m : with_latent(models, k)) {
        const auto& s = m->scores.at("test");
        fig.layers.push_back(report::xy_layer(report::Style::points, {e.parameter, "error"},
                                              {column(s, e.parameter), column(s, "error").cwiseMax(1e-12)},
                                              fmt::format("seed {}", m->seed)));
      }
      report::write_figure(fig, dir / e.name / fmt::format("error_k{}", k));
    }
    by_embedding[e.name] = {{"runs", runs}};
  }
  return write_results(dir, "extrinsic", config.to_json(), {{"by_embedding", by_embedding}});
}

}  // namespace topae::experiments
