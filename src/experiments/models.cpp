#include "topae/experiments/models.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "topae/analysis/score_table.hpp"
#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"
#include "topae/report/figure_writer.hpp"

namespace topae::experiments {

Eigen::VectorXd column(const data::Dataset& table, const std::string& name) {
  const int j = table.column_index(name);
  if (j < 0) throw Error("internal: no column '" + name + "'");
  return table.values.col(j);
}


std::vector<const TrainedModel*> with_latent(const std::vector<TrainedModel>& models, Index k) {
  std::vector<const TrainedModel*> out;
  for (const auto& m : models)
    if (m.k == k) out.push_back(&m);
  return out;
}

FigureRef write_figure(const report::FigureSpec& figure, const std::filesystem::path& dir, const std::string& stem,
                       std::string caption) {
  report::write_figure(figure, dir / stem);
  return {stem + ".png", std::move(caption)};
}

std::string model_folder(Index k, std::uint64_t seed) { return fmt::format("k{}/seed{}", k, seed); }

data::Dataset snapshot_table(const std::vector<nn::LatentSnapshot>& snapshots, const data::Dataset& probe) {
  data::Dataset out;
  if (snapshots.empty()) return out;
  const Index k = snapshots.front().latent.rows();
  const Index n = snapshots.front().latent.cols();
  const Table truth = probe.select(probe.truth, "probe");
  out.columns = {"epoch"};
  out.columns.insert(out.columns.end(), probe.truth.begin(), probe.truth.end());
  for (const auto& z : analysis::latent_columns(k)) out.columns.push_back(z);
  out.truth = out.columns;
  out.truth.resize(1 + probe.truth.size());
  out.values.resize(static_cast<Index>(snapshots.size()) * n, static_cast<Index>(out.columns.size()));
  Index row = 0;
  for (const auto& s : snapshots) {
    for (Index i = 0; i < n; ++i, ++row) {
      out.values(row, 0) = s.epoch;
      out.values.row(row).segment(1, truth.cols()) = truth.row(i);
      out.values.row(row).tail(k) = s.latent.col(i).cast<double>().transpose();
    }
  }
  return out;
}

std::vector<TrainedModel> train_and_score(const std::filesystem::path& dir, const data::Dataset& train,
                                          const std::vector<Index>& latents, const TrainingConfig& config,
                                          const std::map<std::string, data::Dataset>& tests,
                                          const data::Dataset& probe, const std::set<std::string>& unwritten) {
  config.validate(latents);
  const auto columns = train.feature_columns();
  // Without a probe set of its own, an experiment records the first training events.
  constexpr Index kDefaultProbe = 200;
  data::Dataset first_events;
  if (probe.n_events() == 0) {
    first_events = train;
    first_events.values = train.values.topRows(std::min(kDefaultProbe, train.n_events()));
    first_events.label.reset();
    first_events.weight.reset();
  }
  const data::Dataset& recorded = probe.n_events() > 0 ? probe : first_events;
  const Table probe_features = recorded.select(columns, "probe");
  std::vector<TrainedModel> models;
  for (const Index k : latents) {
    auto results = train_seeds(train, columns, k, config, probe_features);
    const auto seeds = config.seed_list();
    for (std::size_t i = 0; i < results.size(); ++i) {
      TrainedModel m{k, seeds[i], std::move(results[i]), {}, dir / model_folder(k, seeds[i])};
      nn::save_model(m.model(), m.dir / "model.json");
      for (const auto& [name, test] : tests) {
        auto scores = analysis::score_table(m.model(), test, columns, name);
        if (!unwritten.contains(name)) data::write_table(scores, m.dir / ("scores_" + name + ".csv"));
        m.scores.emplace(name, std::move(scores));
      }
      if (!m.training.snapshots.empty())
        data::write_table(snapshot_table(m.training.snapshots, recorded), m.dir / "latent_snapshots.csv");
      models.push_back(std::move(m));
    }
  }
  return models;
}

}  // namespace topae::experiments
