#include "topae/experiments/phase_space.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "topae/analysis/thresholds.hpp"
#include "topae/experiments/models.hpp"
#include "topae/physics/features.hpp"
#include "topae/physics/phase_space.hpp"
#include "topae/physics/three_body_chart.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/topology/antipodal_search.hpp"
#include "topae/topology/borsuk_ulam.hpp"

namespace topae::experiments {

namespace {

// The Dalitz plane of X -> 1 2 3: (s_12, s_23), with s_ij = m_ij^2 / E^2 from the truth columns.
struct Dalitz {
  Eigen::VectorXd s12, s13, s23;
};

Dalitz dalitz(const data::Dataset& d, double energy) {
  const auto s = [&](const char* m) { return Eigen::VectorXd(column(d, m).array().square() / (energy * energy)); };
  return {s("m_12"), s("m_13"), s("m_23")};
}

// s_12 and s_23 of the reconstructed events.
std::pair<Eigen::VectorXd, Eigen::VectorXd> reconstructed_dalitz(const data::Dataset& scores, bool momenta,
                                                                 double energy) {
  if (!momenta) return {column(scores, "rec_s_12"), column(scores, "rec_s_23")};
  const auto p = [&](int i) {
    return std::array<Eigen::VectorXd, 4>{column(scores, fmt::format("rec_E_{}", i)),
                                          column(scores, fmt::format("rec_px_{}", i)),
                                          column(scores, fmt::format("rec_py_{}", i)),
                                          column(scores, fmt::format("rec_pz_{}", i))};
  };
  const auto p1 = p(1), p2 = p(2), p3 = p(3);
  const auto s = [&](const std::array<Eigen::VectorXd, 4>& a, const std::array<Eigen::VectorXd, 4>& b) {
    Eigen::ArrayXd m2 = (a[0] + b[0]).array().square();
    for (int c = 1; c < 4; ++c) m2 -= (a[c] + b[c]).array().square();
    return Eigen::VectorXd(m2 / (energy * energy));
  };
  return {s(p1, p2), s(p2, p3)};
}

report::Layer triangle_layer() {
  return report::xy_layer(report::Style::lines, {"s_12", "s_23"},
                          {Eigen::Vector4d(0, 1, 0, 0), Eigen::Vector4d(0, 0, 1, 0)}, "kinematic boundary");
}

report::FigureSpec dalitz_figure(const std::string& title) {
  report::FigureSpec f;
  f.title = title;
  f.x = {"s_12 = m_12^2 / E^2", report::Range{-0.05, 1.05}, false};
  f.y = {"s_23 = m_23^2 / E^2", report::Range{-0.05, 1.05}, false};
  f.square = true;
  f.legend = report::Legend::below;
  return f;
}

report::ColorBar loss_color_bar() {
  report::ColorBar c;
  c.label = "loss (standardized)";
  c.log = true;
  return c;
}

// Where the worst-reconstructed events sit, against where all events sit.
enum Region { corner, edge, interior };
constexpr std::array<const char*, 3> kRegionNames = {"corner", "edge", "interior"};

nlohmann::json worst_events(const Eigen::VectorXd& error, const Dalitz& d, const PhaseSpaceConfig& config,
                            std::vector<Index>& worst) {
  const Index n = error.size();
  std::vector<Region> region(static_cast<std::size_t>(n));
  std::array<double, 3> all{};
  for (Index i = 0; i < n; ++i) {
    const double s_max = std::max({d.s12[i], d.s13[i], d.s23[i]}), s_min = std::min({d.s12[i], d.s13[i], d.s23[i]});
    // Massless: the particle opposite the pair ij has x_k = 1 - s_ij.
    region[i] = 1 - s_max < config.soft ? corner : (s_min < config.collinear ? edge : interior);
    all[region[i]] += 1.0 / static_cast<double>(n);
  }
  const auto threshold = analysis::threshold_for_fraction(error, config.worst_fraction);
  worst.clear();
  std::array<double, 3> among_worst{};
  for (Index i = 0; i < n; ++i) {
    if (error[i] > threshold.value) {
      worst.push_back(i);
      among_worst[region[i]] += 1;
    }
  }
  nlohmann::json j = {{"fraction", config.worst_fraction}, {"threshold", threshold.value}, {"n", worst.size()}};
  for (int r = 0; r < 3; ++r) {
    const double share = worst.empty() ? 0.0 : among_worst[r] / static_cast<double>(worst.size());
    j[kRegionNames[r]] = {{"share_of_worst", share},
                          {"share_of_all", all[r]},
                          {"enrichment", all[r] > 0 ? share / all[r] : 0.0}};
  }
  return j;
}

// (X - mean) / std column by column: the coordinates the network sees.
Table standardized(const Table& x, const nn::Model& model) {
  return (x.rowwise() - model.standardizer.mean().transpose()).array().rowwise() /
         model.standardizer.std().transpose().array();
}

std::vector<std::string> prefixed(const std::string& prefix, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(prefix + n);
  return out;
}

// The Borsuk-Ulam certificate for parity in standardized units: from the sample (every test
// event with its parity image), then sharpened by searching phase space from the pairs with
// the closest codes.
nlohmann::json parity_certificate(const TrainedModel& m, const physics::PhaseSpaceSample& test,
                                  const PhaseSpaceConfig& config) {
  const auto& s = m.scores.at("test");
  const auto& a = m.scores.at("antipodes");
  const auto& cols = m.model().columns;
  const auto z = latent_names(m.k);
  const Table zs = s.select(z, "test"), za = a.select(z, "antipodes");
  const auto sample = topology::borsuk_ulam_certificate(
      standardized(s.select(cols, "test"), m.model()), standardized(a.select(cols, "antipodes"), m.model()),
      standardized(s.select(prefixed("rec_", cols), "test"), m.model()),
      standardized(a.select(prefixed("rec_", cols), "antipodes"), m.model()), zs, za);

  const Eigen::VectorXd gap = (zs - za).rowwise().norm();
  std::vector<Index> order(static_cast<std::size_t>(gap.size()));
  std::iota(order.begin(), order.end(), 0);
  const auto starts = std::min<std::size_t>(static_cast<std::size_t>(config.search_starts), order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(starts), order.end(),
                    [&](Index i, Index j) { return gap[i] < gap[j]; });
  std::optional<topology::AntipodalPair> best;
  for (std::size_t k = 0; k < starts; ++k) {
    const physics::ThreeBodyChart chart(test.event(order[k]));
    const topology::Chart c{[&chart](const Eigen::VectorXd& u) {
                              const auto p = chart.event(u);
                              Eigen::VectorXd x(12);
                              for (int i = 0; i < 3; ++i) x.segment<4>(4 * i) << p[i].e(), p[i].px(), p[i].py(), p[i].pz();
                              return x;
                            },
                            [](const Eigen::VectorXd& x) {
                              Eigen::VectorXd ax = -x;
                              for (int i = 0; i < 3; ++i) ax[4 * i] = x[4 * i];  // energies stay
                              return ax;
                            }};
    topology::AntipodalSearch options;
    options.standardized = true;
    const auto found = topology::search_antipodal_pair(m.model(), c, chart.start(), options);
    if (!best || found.bound > best->bound) best = found;
  }
  const double bound = std::max(sample.best.bound, best ? best->bound : sample.best.bound);
  return {{"units", "standardized L2 (the loss is its square)"},
          {"sample", sample.to_json()},
          {"searched", best ? best->to_json() : nlohmann::json(nullptr)},
          {"bound", bound},
          {"floor", sample.floor},
          {"bound_over_floor", bound / sample.floor},
          {"forced_loss", bound > 0 ? bound * bound : 0.0}};
}

struct FeatureRun {
  const char* name;
  physics::FeatureSet features;
  const std::vector<Index>* latents;
};

}  // namespace

std::string phase_space_summary(const nlohmann::json& results) {
  std::string out = "phase-space: worst 1 % of a uniform test set, and the parity certificate (standardized L2)\n";
  for (const auto& run : results["runs"]) {
    const auto& worst = run["worst"];
    out += fmt::format("  {:<10} k={} seed={}  max loss {:.3g}  worst in corners {:.0f} % (corners hold {:.1f} %)",
                       run["features"].get<std::string>(), run["latent"].get<int>(), run["seed"].get<int>(),
                       run["error_quantiles"]["max"].get<double>(), 100 * worst["corner"]["share_of_worst"].get<double>(),
                       100 * worst["corner"]["share_of_all"].get<double>());
    if (run.contains("borsuk_ulam")) {
      const auto& bu = run["borsuk_ulam"];
      out += fmt::format("  certificate {:.3f} / floor {:.3f}", bu["bound"].get<double>(), bu["floor"].get<double>());
    }
    out += "\n";
  }
  return out;
}

void PhaseSpaceConfig::select(const std::string& features, const std::vector<Index>& latents) {
  const auto set = physics::parse_feature_set(features);
  if (set == physics::FeatureSet::invariants) momentum_latents.clear();
  if (set == physics::FeatureSet::momenta) invariant_latents.clear();
  if (latents.empty()) return;
  if (set != physics::FeatureSet::invariants) momentum_latents = latents;
  if (set != physics::FeatureSet::momenta) invariant_latents = latents;
}

nlohmann::json PhaseSpaceConfig::to_json() const {
  return {{"training", training.to_json()},
          {"energy", energy},
          {"momentum_latents", momentum_latents},
          {"invariant_latents", invariant_latents},
          {"n_test", n_test},
          {"worst_fraction", worst_fraction},
          {"soft", soft},
          {"collinear", collinear},
          {"search_starts", search_starts}};
}

nlohmann::json run_phase_space(const PhaseSpaceConfig& config, const std::filesystem::path& dir) {
  physics::PhaseSpaceSpec spec;
  spec.energy = config.energy;
  spec.masses = {0, 0, 0};
  spec.n_events = config.training.n;
  spec.seed = config.training.first_seed;
  const auto train = physics::generate_phase_space(spec);
  spec.n_events = config.n_test;
  spec.seed = config.training.first_seed + 1000;
  const auto test = physics::generate_phase_space(spec);
  auto parity = test;
  for (Index i = 0; i < parity.n_events(); ++i) {
    physics::apply_parity({parity.momenta.data() + 3 * i, 3});
  }

  nlohmann::json runs = nlohmann::json::array();
  for (const FeatureRun& run : {FeatureRun{"momenta", physics::FeatureSet::momenta, &config.momentum_latents},
                                FeatureRun{"invariants", physics::FeatureSet::invariants, &config.invariant_latents}}) {
    if (run.latents->empty()) continue;
    const bool momenta = run.features == physics::FeatureSet::momenta;
    physics::FeatureSpec f;
    f.features = run.features;
    std::map<std::string, data::Dataset> tests = {{"test", physics::to_dataset(test, config.energy, f)}};
    if (momenta) tests["antipodes"] = physics::to_dataset(parity, config.energy, f);
    const Dalitz d = dalitz(tests.at("test"), config.energy);
    const auto models = train_and_score(dir / run.name, physics::to_dataset(train, config.energy, f), *run.latents,
                                        config.training, tests, {});
    for (const auto& m : models) {
      const auto& s = m.scores.at("test");
      const Eigen::VectorXd error = column(s, "error");
      const auto [r12, r23] = reconstructed_dalitz(s, momenta, config.energy);
      Index outside = 0;
      for (Index i = 0; i < r12.size(); ++i) outside += r12[i] < 0 || r23[i] < 0 || r12[i] + r23[i] > 1;
      std::vector<Index> worst;
      nlohmann::json r = {{"features", run.name},
                          {"latent", m.k},
                          {"seed", m.seed},
                          {"error_quantiles", analysis::error_quantiles(error).to_json()},
                          {"reconstructions_outside_triangle", static_cast<double>(outside) / r12.size()},
                          {"worst", worst_events(error, d, config, worst)}};
      if (momenta) r["borsuk_ulam"] = parity_certificate(m, test, config);
      runs.push_back(r);

      const auto label = fmt::format("{}, k = {}, seed {}", run.name, m.k, m.seed);
      auto loss = dalitz_figure("Loss over the Dalitz plane (" + label + ")");
      loss.color_bar = loss_color_bar();
      loss.layers.push_back(report::xy_layer(report::Style::colored_points, {"s_12", "s_23", "loss"}, {d.s12, d.s23, error}));
      loss.layers.push_back(triangle_layer());
      report::write_figure(loss, m.dir / "dalitz_loss");

      auto rec = dalitz_figure("Reconstructions in the Dalitz plane (" + label + ")");
      rec.x.range = rec.y.range = report::Range{-0.25, 1.25};
      rec.color_bar = loss_color_bar();
      rec.layers.push_back(report::xy_layer(report::Style::colored_points, {"rec_s_12", "rec_s_23", "loss"}, {r12, r23, error}));
      rec.layers.push_back(triangle_layer());
      report::write_figure(rec, m.dir / "dalitz_reconstruction");

      auto where = dalitz_figure(
          fmt::format("The worst {:g} % of events (", 100 * config.worst_fraction) + label + ")");
      Eigen::VectorXd w12(static_cast<Index>(worst.size())), w23(static_cast<Index>(worst.size()));
      for (std::size_t k = 0; k < worst.size(); ++k) {
        w12[static_cast<Index>(k)] = d.s12[worst[k]];
        w23[static_cast<Index>(k)] = d.s23[worst[k]];
      }
      where.layers.push_back(report::xy_layer(report::Style::points, {"s_12", "s_23"}, {d.s12, d.s23}, "test events"));
      where.layers.back().color = "#c7c7c7";
      if (!worst.empty()) {
        where.layers.push_back(report::xy_layer(report::Style::points, {"s_12", "s_23"}, {w12, w23}, "worst reconstructed"));
        where.layers.back().color = "#d62728";
        where.layers.back().point_size = 1.2;
      }
      where.layers.push_back(triangle_layer());
      report::write_figure(where, m.dir / "dalitz_worst");
    }
  }
  return write_results(dir, "phase-space", config.to_json(), {{"runs", runs}});
}

}  // namespace topae::experiments
