#include "topae/experiments/bump_hunt.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "topae/analysis/mass_scan.hpp"
#include "topae/analysis/roc.hpp"
#include "topae/analysis/seed_spread.hpp"
#include "topae/core/error.hpp"
#include "topae/experiments/models.hpp"
#include "topae/physics/bump_hunt.hpp"
#include "topae/physics/features.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/report/mass_scan.hpp"
#include "topae/report/roc_report.hpp"

namespace topae::experiments {

namespace {

constexpr std::uint64_t kBackgroundTraining = 2000, kReference = 3000, kTests = 1000;

physics::PhaseSpaceSpec phase_space(const BumpHuntConfig& config, Index events, std::uint64_t seed) {
  physics::PhaseSpaceSpec s;
  s.energy = config.energy;
  s.masses = {0, 0, 0};
  s.n_events = events;
  s.seed = seed;
  return s;
}

data::Dataset momenta(const physics::PhaseSpaceSpec& spec) {
  return physics::to_dataset(physics::generate_phase_space(spec), spec.energy, physics::FeatureSpec{});
}

// Rows of `background` (label 0) then `signal` (label 1); weights dropped (they normalise
// different phase spaces and mean nothing across the two).
data::Dataset labelled(const data::Dataset& background, const data::Dataset& signal) {
  data::Dataset d;
  d.columns = background.columns;
  d.truth = background.truth;
  d.values.resize(background.n_events() + signal.n_events(), static_cast<Index>(d.columns.size()));
  d.values.topRows(background.n_events()) = background.values;
  d.values.bottomRows(signal.n_events()) = signal.values;
  d.label = Eigen::VectorXi::Zero(d.n_events());
  d.label->tail(signal.n_events()).setOnes();
  return d;
}

// The label-0 rows of bump-hunt data (they come first).
data::Dataset background_rows(const data::Dataset& d) {
  data::Dataset b;
  b.columns = d.columns;
  b.truth = d.truth;
  b.values = d.values.topRows(d.n_events() - d.label->sum());
  return b;
}

// The ROC of the error for signal (one test set) against background (another).
analysis::RocSummary roc(const data::Dataset& background, const data::Dataset& signal) {
  const Eigen::VectorXd b = column(background, "error"), s = column(signal, "error");
  Eigen::VectorXd scores(b.size() + s.size());
  scores << b, s;
  Eigen::VectorXi labels = Eigen::VectorXi::Zero(scores.size());
  labels.tail(s.size()).setOnes();
  return analysis::Roc(scores, labels).summary();
}

// log10 of the error for each test set, on common bins.
void write_error_histograms(const TrainedModel& m) {
  report::FigureSpec f;
  f.title = fmt::format("Reconstruction error (k = {}, seed {})", m.k, m.seed);
  f.x.label = "log10 error (standardized)";
  f.y = {"events", {}, true};
  std::map<std::string, Eigen::VectorXd> logs;
  for (const char* name : {"background_test", "resonance_test", "contrast_test"}) {
    logs[name] = column(m.scores.at(name), "error").array().max(1e-12).log10();
  }
  double lo = logs.begin()->second.minCoeff(), hi = logs.begin()->second.maxCoeff();
  for (const auto& [name, e] : logs) {
    lo = std::min(lo, e.minCoeff());
    hi = std::max(hi, e.maxCoeff());
  }
  for (const auto& [name, title] : std::vector<std::pair<std::string, std::string>>{
           {"background_test", "background"}, {"resonance_test", "resonance"}, {"contrast_test", "contrast (off-manifold)"}}) {
    analysis::Histogram h(60, lo, hi + 1e-9);  // [lo, hi): the largest error in the last bin
    h.fill(logs.at(name));
    f.layers.push_back(report::histogram_layer(h, "log10_error", title));
  }
  report::write_figure(f, m.dir / "error_histograms");
}

// The numbers of one mass scan that go into results.json and the summary.
nlohmann::json cut_numbers(const analysis::MassScanResult& scan) {
  nlohmann::json cuts = nlohmann::json::array();
  for (const auto& c : scan.cuts) {
    nlohmann::json j = {{"cut", c.name},
                        {"kept_fraction", c.kept_fraction},
                        {"signal_efficiency", c.signal_efficiency},
                        {"background_efficiency", c.background_efficiency},
                        {"background_sculpting_jsd", c.background_sculpting},
                        {"reference_sculpting_jsd", c.reference_sculpting}};
    if (c.hunt && c.hunt->window) {
      const auto& w = *c.hunt->window;
      j["window"] = {w.low, w.high};
      j["local_z"] = w.local_z;
      j["global_p"] = c.hunt->global_p;
      j["global_z"] = c.hunt->global_z;
    }
    cuts.push_back(j);
  }
  return cuts;
}

}  // namespace

void BumpHuntConfig::validate() const {
  if (!(signal_fraction > 0 && signal_fraction < 1)) {
    throw InputError(fmt::format("--signal-fraction must lie in (0, 1), got {}", signal_fraction));
  }
  if (events < 100) throw InputError(fmt::format("--events must be at least 100, got {}", events));
  if (n_test < 10) throw InputError(fmt::format("--n-test must be at least 10, got {}", n_test));
  if (reference_factor < 1) throw InputError(fmt::format("the reference factor must be >= 1, got {}", reference_factor));
  if (!(contrast_mass > 0 && contrast_mass < energy)) {
    throw InputError(fmt::format("--contrast-mass must lie in (0, E), got {}", contrast_mass));
  }
  training.validate({latent});
}

nlohmann::json BumpHuntConfig::to_json() const {
  return {{"training", training.to_json()},   {"energy", energy},
          {"resonance", resonance.description()}, {"signal_fraction", signal_fraction},
          {"events", events},                 {"reference_factor", reference_factor},
          {"n_test", n_test},                 {"contrast_mass", contrast_mass},
          {"latent", latent},                 {"cut_quantiles", cut_quantiles},
          {"bins", bins},                     {"max_width", max_width},
          {"pseudo_experiments", pseudo_experiments}};
}

nlohmann::json run_bump_hunt(const BumpHuntConfig& config, const std::filesystem::path& dir) {
  config.validate();
  const std::uint64_t seed = config.training.first_seed;
  physics::BumpHuntSpec data_spec;
  data_spec.phase_space = phase_space(config, config.events, seed);
  data_spec.phase_space.resonance = config.resonance;
  data_spec.signal_fraction = config.signal_fraction;
  data_spec.phase_space.validate();
  const auto data = physics::generate_bump_hunt(data_spec);

  auto resonance = phase_space(config, config.n_test, seed + kTests + 1);
  resonance.resonance = config.resonance;
  resonance.stream_tag = physics::kSignalStreamTag;
  auto contrast = phase_space(config, config.n_test, seed + kTests + 2);
  contrast.masses = {0, 0, config.contrast_mass};
  // The contrast data: as many contrast events as the data hold resonance events.
  auto contrast_signal = contrast;
  contrast_signal.n_events = data.label->sum();
  contrast_signal.seed = seed + kTests + 3;

  const std::map<std::string, data::Dataset> tests = {
      {"data", data},
      {"contrast_data", labelled(background_rows(data), momenta(contrast_signal))},
      {"reference", momenta(phase_space(config, config.reference_factor * config.events, seed + kReference))},
      {"background_test", momenta(phase_space(config, config.n_test, seed + kTests))},
      {"resonance_test", momenta(resonance)},
      {"contrast_test", momenta(contrast)}};
  const std::map<std::string, data::Dataset> trainings = {
      {"data", data}, {"background", momenta(phase_space(config, config.events, seed + kBackgroundTraining))}};

  analysis::MassScanSpec scan;
  scan.mass = "m_12";
  scan.score = "error";
  scan.cut_quantiles = config.cut_quantiles;
  scan.bins = config.bins;
  scan.range = std::pair{0.0, config.energy};
  scan.hunter.pseudo_experiments = config.pseudo_experiments;
  scan.hunter.max_width = config.max_width;
  scan.hunter.seed = seed;
  scan.validate();

  nlohmann::json runs = nlohmann::json::array();
  nlohmann::json spread = nlohmann::json::object();
  for (const auto& [mode, train] : trainings) {
    std::map<std::string, std::vector<double>> per_seed;
    for (const auto& m : train_and_score(dir / mode, train, {config.latent}, config.training, tests, {}, {"reference"})) {
      const auto res = roc(m.scores.at("background_test"), m.scores.at("resonance_test"));
      const auto con = roc(m.scores.at("background_test"), m.scores.at("contrast_test"));
      report::write_figure(report::rejection_figure(res, "error"), m.dir / "roc_resonance");
      report::write_figure(report::sic_figure(res, "error"), m.dir / "sic_resonance");
      report::write_figure(report::rejection_figure(con, "error"), m.dir / "roc_contrast");
      report::write_figure(report::sic_figure(con, "error"), m.dir / "sic_contrast");
      write_error_histograms(m);
      const nlohmann::json inputs = {{"data", mode + " training, scores of the data"}, {"reference", "background reference"}};
      const auto hunt = analysis::run_mass_scan(scan, m.scores.at("data"), "data", &m.scores.at("reference"), "reference");
      report::write_mass_scan(hunt, m.dir / "bumphunt_resonance", inputs);
      const auto hunt_contrast = analysis::run_mass_scan(scan, m.scores.at("contrast_data"), "contrast data",
                                                         &m.scores.at("reference"), "reference");
      report::write_mass_scan(hunt_contrast, m.dir / "bumphunt_contrast", inputs);

      const auto cuts = cut_numbers(hunt);
      per_seed["auc_resonance"].push_back(res.auc);
      per_seed["auc_contrast"].push_back(con.auc);
      for (const auto& c : cuts) {
        if (c.contains("local_z")) per_seed["local_z_" + c["cut"].get<std::string>()].push_back(c["local_z"]);
        per_seed["sculpting_" + c["cut"].get<std::string>()].push_back(c["background_sculpting_jsd"]);
      }
      runs.push_back({{"training", mode},
                      {"latent", m.k},
                      {"seed", m.seed},
                      {"auc_resonance", res.auc},
                      {"auc_resonance_error", res.auc_error},
                      {"auc_contrast", con.auc},
                      {"auc_contrast_error", con.auc_error},
                      {"max_sic_resonance", res.max_sic.to_json()},
                      {"max_sic_contrast", con.max_sic.to_json()},
                      {"cuts", cuts},
                      {"contrast_cuts", cut_numbers(hunt_contrast)}});
    }
    for (const auto& [name, values] : per_seed) {
      bool finite = true;
      for (const double v : values) finite = finite && std::isfinite(v);
      if (finite) spread[mode][name] = analysis::seed_spread(Eigen::Map<const Eigen::VectorXd>(values.data(), values.size())).to_json();
    }
  }
  return write_results(dir, "bump-hunt", config.to_json(), {{"runs", runs}, {"spread_over_seeds", spread}});
}

std::string bump_hunt_summary(const nlohmann::json& results) {
  std::string out =
      "bump-hunt: AUC of the error (resonance, off-manifold contrast) and the resonance's local significance "
      "before / after keeping the highest-error events\n";
  for (const auto& run : results["runs"]) {
    out += fmt::format("  trained on {:<10} seed={}  AUC {:.3f} / contrast {:.3f}  Z", run["training"].get<std::string>(),
                       run["seed"].get<int>(), run["auc_resonance"].get<double>(), run["auc_contrast"].get<double>());
    for (const auto& c : run["cuts"]) {
      out += fmt::format(" {}:{}", c["cut"].get<std::string>(),
                         c.contains("local_z") ? fmt::format("{:.1f}", c["local_z"].get<double>()) : std::string("-"));
    }
    out += "\n";
  }
  return out;
}

}  // namespace topae::experiments
