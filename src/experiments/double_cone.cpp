#include <fmt/format.h>

#include "topae/data/generators/double_cone.hpp"
#include "topae/experiments/models.hpp"
#include "topae/experiments/surfaces.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/analysis/thresholds.hpp"

namespace topae::experiments {

nlohmann::json DoubleConeConfig::to_json() const {
  return {{"training", training.to_json()}, {"latents", latents}, {"apex_region", apex_region}, {"n_test", n_test}};
}

nlohmann::json run_double_cone(const DoubleConeConfig& config, const std::filesystem::path& dir) {
  // One uniform test set for both trainings, so their errors compare point by point.
  data::DoubleConeSpec test_spec;
  test_spec.n = config.n_test;
  test_spec.seed = config.training.first_seed + 1000;
  const auto test = data::generate_double_cone(test_spec);
  const Eigen::VectorXd abs_height = column(test, "height").cwiseAbs();

  nlohmann::json by_sampling = nlohmann::json::object();
  for (const auto sampling : {data::ConeSampling::area, data::ConeSampling::height}) {
    const auto name = data::cone_sampling_name(sampling);
    data::DoubleConeSpec spec;
    spec.sampling = sampling;
    spec.n = config.training.n;
    spec.seed = config.training.first_seed;
    const auto models = train_and_score(dir / name, data::generate_double_cone(spec), config.latents, config.training,
                                        {{"test", test}}, {});
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& m : models) {
      const auto& s = m.scores.at("test");
      const Eigen::VectorXd error = column(s, "error");
      double apex_sum = 0, sheet_sum = 0;
      Index apex_n = 0;
      for (Index i = 0; i < error.size(); ++i) {
        if (abs_height[i] < config.apex_region) {
          apex_sum += error[i];
          ++apex_n;
        } else {
          sheet_sum += error[i];
        }
      }
      Index worst = 0;
      error.maxCoeff(&worst);
      runs.push_back({{"latent", m.k},
                      {"seed", m.seed},
                      {"max_error", error.maxCoeff()},
                      {"height_of_max_error", column(s, "height")[worst]},
                      {"mean_error_apex", apex_sum / static_cast<double>(std::max<Index>(apex_n, 1))},
                      {"mean_error_sheets", sheet_sum / static_cast<double>(std::max<Index>(error.size() - apex_n, 1))},
                      {"error_quantiles", analysis::error_quantiles(error).to_json()}});

      report::FigureSpec fig;
      fig.title = fmt::format("Error against height on the double cone ({} sampling, k = {}, seed {})", name, m.k, m.seed);
      fig.x.label = "height z";
      fig.y = {"error (standardized)", {}, true};
      fig.layers.push_back(report::xy_layer(report::Style::points, {"height", "error"},
                                            {column(s, "height"), error.cwiseMax(1e-12)}));
      report::write_figure(fig, m.dir / "error_vs_height");
    }
    by_sampling[name] = {{"runs", runs}};
  }
  return write_results(dir, "double-cone", config.to_json(), {{"by_sampling", by_sampling}});
}

}  // namespace topae::experiments
