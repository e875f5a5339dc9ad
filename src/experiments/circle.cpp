#include "topae/experiments/circle.hpp"

#include <fmt/format.h>

#include "topae/analysis/score_table.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/version.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/table_io.hpp"
#include "topae/nn/model.hpp"

namespace topae::experiments {

nlohmann::json CircleConfig::to_json() const {
  return {{"n", n},           {"noise", noise},   {"latents", latents},
          {"seeds", seeds},   {"epochs", epochs}, {"hidden", hidden},
          {"activation", nn::activation_name(activation)}};
}

nlohmann::json run_circle(const CircleConfig& config, const std::filesystem::path& dir) {
  data::CircleSpec circle;
  circle.n = config.n;
  circle.noise = config.noise;
  const auto points = data::generate_circle(circle);

  nlohmann::json runs = nlohmann::json::array();
  for (const Index k : config.latents) {
    for (int seed = 1; seed <= config.seeds; ++seed) {
      nn::AutoencoderSpec spec;
      spec.latent_dim = k;
      spec.hidden = config.hidden;
      spec.activation = config.activation;
      nn::TrainerSpec trainer;
      trainer.epochs = config.epochs;
      trainer.seed = static_cast<std::uint64_t>(seed);
      trainer.threads = 1;  // one thread per training: bit-identical on any machine
      nn::TrainOptions options;
      options.progress = config.progress;
      const auto result = nn::train_model(points, points.feature_columns(), spec, trainer, options);

      const auto run_dir = dir / fmt::format("k{}_seed{}", k, seed);
      nn::save_model(result.model, run_dir / "model.json");
      const auto scores = analysis::score_table(result.model, points, {}, "circle");
      data::write_table(scores, run_dir / "scores.csv");

      Index worst = 0;
      const double max_distance = scores.values.col(1).maxCoeff(&worst);
      runs.push_back({{"latent", k},
                      {"seed", seed},
                      {"mean_error", scores.values.col(0).mean()},
                      {"max_distance", max_distance},
                      {"seam_angle", points.values(worst, points.column_index("theta"))},
                      {"final_train_loss", result.history.epochs.back().train_loss},
                      {"train_seconds", result.history.train_seconds}});
    }
  }
  nlohmann::json results = {{"experiment", "circle"},
                            {"topae_version", std::string(version())},
                            {"config", config.to_json()},
                            {"runs", runs}};
  write_text_atomically(dir / "results.json", results.dump(2) + "\n");
  return results;
}

}  // namespace topae::experiments
