#include <fmt/format.h>

#include <map>
#include <numbers>
#include <utility>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/trefoil.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/models.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/topology/seams.hpp"

namespace topae::experiments {

void ExtrinsicConfig::validate() const {
  training.validate(latents);
  if (!(arc_gap > 0 && arc_gap < 2 * std::numbers::pi))
    throw InputError(fmt::format("--arc-gap must lie in (0, 2 pi) radians, got {}", arc_gap));
  checks::check_flag_at_least("--n-test", n_test, 1);
}

ExtrinsicResult run_extrinsic(const ExtrinsicConfig& config, const std::filesystem::path& dir) {
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

  // The figures the report shows, by embedding and latent dimension.
  const std::map<std::pair<std::string, Index>, std::string> shown = {
      {{"trefoil", 2}, "Trefoil, k = 2: error along the curve"},
      {{"trefoil", 3}, "Trefoil, k = 3"},
      {{"arc", 1}, "Nearly closed arc, k = 1"}};
  ExtrinsicResult result;
  for (const auto& e : embeddings) {
    const auto models = train_and_score(dir / e.name, e.train, config.latents, config.training, {{"test", e.test}}, {});
    auto& runs = result.by_embedding[e.name].runs;
    for (const auto& m : models) {
      const auto& s = m.scores.at("test");
      const auto seam = topology::find_circle_seam(column(s, e.parameter), column(s, "error"), 2 * std::numbers::pi / 72);
      runs.push_back({m.k, m.seed, column(s, "error").maxCoeff(), column(s, "distance").maxCoeff(), seam.angle});
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
      const auto caption = shown.find({e.name, k});
      const auto figure = write_figure(fig, dir, fmt::format("{}/error_k{}", e.name, k),
                                       caption != shown.end() ? caption->second : "");
      if (caption != shown.end()) result.figures.push_back(figure);
    }
  }
  return result;
}

namespace {

// The largest distance of each seed of latent dimension k on one embedding.
std::vector<double> max_distances(const ExtrinsicResult& r, const std::string& embedding, Index k) {
  const auto e = r.by_embedding.find(embedding);
  if (e == r.by_embedding.end()) return {};
  return per_run(e->second.runs, k, &ExtrinsicRun::max_distance);
}

}  // namespace

Experiment extrinsic_experiment() {
  using C = ExtrinsicConfig;
  using R = ExtrinsicResult;
  Definition<C, R> d;
  d.name = "extrinsic";
  d.title = "Embeddings";
  d.help = "One circle embedded three ways (planar, trefoil knot, nearly closed arc) at k = 1, 2, 3";
  d.text =
      "One circle embedded three ways. The embedding, not only the intrinsic topology, decides the latent dimension "
      "needed: the trefoil knot still tears at k = 2 and is reconstructed at k = 3.";
  d.parameters = {
      parameter<C>("latent", "Latent dimensions", [](C& c) -> std::vector<Index>& { return c.latents; }),
      parameter<C>("arc-gap", "The arc's missing angle", [](C& c) -> double& { return c.arc_gap; }),
      parameter<C>("n-test", "Test points per embedding", [](C& c) -> Index& { return c.n_test; }),
  };
  d.run = run_extrinsic;
  d.claims = {
      {"trefoil-k2-tears", "trefoil knot: k = 2 still tears",
       "smallest over seeds of the largest reconstruction distance, trefoil, k = 2", at_least(0.5),
       "a tear reconstructs points on another strand, of the order of the strands' separation (the knot spans 6), "
       "a fit leaves a few hundredths (k = 3); 0.5 lies between. No theorem forces it (the knot is a circle, which "
       "embeds in the plane): this is what the networks find",
       [](const R& r) { return smallest(max_distances(r, "trefoil", 2)); }},
      {"trefoil-k3-reconstructs", "trefoil knot: k = 3 reconstructs it",
       "largest reconstruction distance over seeds, trefoil, k = 3", below(0.15),
       "the knot lies in R^3, so the identity embeds it and nothing forces a tear: 0.15 is 2.5 % of the knot's "
       "span, well above a fit's residual and far below a tear's distance",
       [](const R& r) { return largest(max_distances(r, "trefoil", 3)); }},
  };
  d.numbers = [](const R& r, const C&) {
    std::vector<Number> n;
    if (const auto p = max_distances(r, "planar", 2); !p.empty())
      n.push_back({"planar circle, largest distance at k = 2", value_span(p)});
    return n;
  };
  return Experiment(std::move(d));
}

}  // namespace topae::experiments
