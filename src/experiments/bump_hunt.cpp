#include "topae/experiments/bump_hunt.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "topae/analysis/bump_hunter.hpp"
#include "topae/analysis/divergence.hpp"
#include "topae/analysis/histogram.hpp"
#include "topae/analysis/mass_scan.hpp"
#include "topae/analysis/roc.hpp"
#include "topae/analysis/score_table.hpp"
#include "topae/analysis/seed_spread.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/progress.hpp"
#include "topae/core/rng.hpp"
#include "topae/data/table_io.hpp"
#include "topae/experiments/models.hpp"
#include "topae/nn/ensemble.hpp"
#include "topae/nn/folds.hpp"
#include "topae/physics/bump_hunt.hpp"
#include "topae/physics/features.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"
#include "topae/report/mass_scan.hpp"
#include "topae/report/roc_report.hpp"

namespace topae::experiments {

namespace {

// The cut whose sculpting is claimed (and whose mass spectrum the report shows).
constexpr const char* kSculptingCut = "q0.9";

physics::PhaseSpaceSpec phase_space(const BumpHuntConfig& config, Index events, std::uint64_t seed) {
  physics::PhaseSpaceSpec s;
  s.energy = config.energy;
  s.masses = {0, 0, 0};
  s.n_events = events;
  s.seed = seed;
  return s;
}

physics::BumpHuntSpec data_spec(const BumpHuntConfig& config) {
  physics::BumpHuntSpec spec;
  spec.phase_space = phase_space(config, config.training.n, named_seed(config.training.first_seed, "data"));
  spec.phase_space.resonance = config.resonance;
  spec.signal_fraction = config.signal_fraction;
  return spec;
}

analysis::MassScanSpec scan_spec(const BumpHuntConfig& config) {
  analysis::MassScanSpec scan;
  scan.mass = "m_12";
  scan.score = "error";
  scan.cut_quantiles = config.cut_quantiles;
  scan.bins = config.bins;
  scan.range = std::pair{0.0, config.energy};
  scan.hunter.pseudo_experiments = config.pseudo_experiments;
  scan.hunter.max_width = config.max_width;
  scan.hunter.reference_error = config.reference_error;
  scan.hunter.seed = named_seed(config.training.first_seed, "pseudo-experiments");
  return scan;
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

// The contrast's AUC against the mass of particle 3, per training: a line through the seeds'
// median, and the seeds' range as vertical segments.
report::FigureSpec contrast_curve_figure(const std::vector<BumpHuntRun>& runs, const std::vector<double>& masses) {
  report::FigureSpec f;
  f.title = "Off-manifold contrast: AUC of the error against the mass of particle 3";
  f.x = {"mass of particle 3 (GeV)", report::Range{masses.front() / 1.5, masses.back() * 1.5}, true};
  f.y = {"AUC (contrast against background)", report::Range{0.4, 1.02}, false};
  f.legend = report::Legend::bottom_right;
  for (const auto& [training, color] : {std::pair{"out-of-fold", "#1f77b4"}, std::pair{"background", "#ff7f0e"}}) {
    const auto n = static_cast<Index>(masses.size());
    Eigen::VectorXd x(n), median_auc(n);
    Table range(n, 4);
    bool any = false;
    for (Index j = 0; j < n; ++j) {
      std::vector<double> v;
      for (const auto& r : runs)
        if (r.training == training) v.push_back(r.auc_contrast_curve[static_cast<std::size_t>(j)]);
      if (v.empty()) break;
      any = true;
      const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
      x[j] = masses[static_cast<std::size_t>(j)];
      median_auc[j] = *median(v);
      range.row(j) << x[j], *lo, x[j], *hi;
    }
    if (!any) continue;
    f.layers.push_back(report::xy_layer(report::Style::linespoints, {"mass", "auc"}, {x, median_auc},
                                        fmt::format("trained on {} (median over seeds)", training)));
    f.layers.back().color = color;
    f.layers.push_back({report::Style::segments, "", {"mass", "lowest", "mass_", "highest"}, range, color});
  }
  return f;
}

// The test set of the contrast curve at one mass of particle 3.
std::string curve_test(double mass) { return fmt::format("contrast_m{:g}", mass); }

// The ROC of the error for signal (one test set) against background (another).
analysis::RocSummary roc(const data::Dataset& background, const data::Dataset& signal) {
  return analysis::two_sample_roc(column(background, "error"), column(signal, "error")).summary();
}

// log10 of the error for each test set, on common bins, at DIR/STEM.
FigureRef write_error_histograms(const std::map<std::string, data::Dataset>& scores, Index k, std::uint64_t seed,
                                 const std::string& training, const std::filesystem::path& dir, const std::string& stem) {
  report::FigureSpec f;
  f.title = fmt::format("Reconstruction error (k = {}, seed {})", k, seed);
  f.x.label = "log10 error (standardized)";
  f.y = {"events", {}, true};
  std::map<std::string, Eigen::VectorXd> logs;
  for (const char* name : {"background_test", "resonance_test", "contrast_test"}) {
    logs[name] = column(scores.at(name), "error").array().max(1e-12).log10();
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
  return write_figure(f, dir, stem,
                      fmt::format("Error of background, resonance and contrast events (trained on {})", training));
}

// The cuts of one mass scan as results.json keeps them, each with the sculpting a random
// subsample of as many background events would show.
std::vector<BumpHuntCut> cut_numbers(const analysis::MassScanResult& scan) {
  const auto& background = *scan.cuts.front().background_mass;  // no cut: every background event
  std::vector<BumpHuntCut> cuts;
  for (const auto& c : scan.cuts) {
    BumpHuntCut cut;
    cut.cut = c.name;
    cut.kept_fraction = c.kept_fraction;
    cut.signal_efficiency = c.signal_efficiency;
    cut.background_efficiency = c.background_efficiency;
    cut.background_sculpting_jsd = c.background_sculpting;
    cut.reference_sculpting_jsd = c.reference_sculpting;
    const double kept = c.background_mass->in_range();
    cut.random_sculpting_jsd = kept > 0 ? analysis::expected_subsample_jsd(background, kept) : 0.0;
    if (c.hunt && c.hunt->window) {
      const auto& w = *c.hunt->window;
      cut.window = {w.low, w.high};
      cut.local_z = w.local_z;
      cut.global_p = c.hunt->global_p;
      cut.global_z = c.hunt->global_z;
    }
    cuts.push_back(std::move(cut));
  }
  return cuts;
}

// Mean and spread over seeds of each number, per training.
nlohmann::json spread_over_seeds(const std::vector<BumpHuntRun>& runs) {
  std::map<std::string, std::map<std::string, std::vector<double>>> values;
  for (const auto& run : runs) {
    auto& v = values[run.training];
    v["auc_resonance"].push_back(run.auc_resonance);
    v["auc_contrast"].push_back(run.auc_contrast);
    for (const auto& c : run.cuts) {
      if (!c.window.empty()) v["local_z_" + c.cut].push_back(c.local_z);
      v["sculpting_" + c.cut].push_back(c.background_sculpting_jsd);
    }
  }
  nlohmann::json spread = nlohmann::json::object();
  for (const auto& [training, quantities] : values) {
    for (const auto& [name, v] : quantities) {
      if (std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); }))
        spread[training][name] =
            analysis::seed_spread(Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Index>(v.size()))).to_json();
    }
  }
  return spread;
}

}  // namespace

void BumpHuntConfig::validate() const {
  training.validate({latent});
  checks::check_flag_at_least("--n (--events)", training.n, 100);
  if (!(signal_fraction > 0 && signal_fraction < 1)) {
    throw InputError(fmt::format("--signal-fraction must lie in (0, 1), got {}", signal_fraction));
  }
  if (std::llround(signal_fraction * static_cast<double>(training.n)) < 1) {
    throw InputError(
        fmt::format("--signal-fraction {} of --n {} events is not one signal event", signal_fraction, training.n));
  }
  checks::check_flag_at_least("--n-test", n_test, 10);
  if (folds < 2) throw InputError(fmt::format("--folds must be at least 2, got {}", folds));
  comparison.validate();
  if (reference_factor < 1) throw InputError(fmt::format("the reference factor must be >= 1, got {}", reference_factor));
  if (!(contrast_mass > 0 && contrast_mass < energy)) {
    throw InputError(fmt::format("--contrast-mass must lie in (0, E), got {}", contrast_mass));
  }
  for (const double mass : contrast_curve)
    if (!(mass > 0 && mass < energy))
      throw InputError(fmt::format("--contrast-curve: every mass must lie in (0, E), got {}", mass));
  if (!std::is_sorted(contrast_curve.begin(), contrast_curve.end()))
    throw InputError("--contrast-curve: the masses must be in increasing order");
  data_spec(*this).phase_space.validate();  // --energy, --resonance
  scan_spec(*this).validate();              // --cut-quantiles, --bins, --max-width, --pseudo
}

namespace {

// The method comparison (bump_hunt_methods.hpp) on data sets of every spin, signal fraction
// and seed: data and reference drawn from the seed (the first seed's 1 % spin-0 data are the
// experiment's data), the autoencoder of that seed trained on the separate background sample.
std::vector<MethodResult> run_comparison(const BumpHuntConfig& config, const std::map<std::string, data::Dataset>& tests,
                                         const std::map<std::uint64_t, nn::Model>& background_models) {
  const auto& c = config.comparison;
  const auto error = [](const nn::Model& model, const data::Dataset& table, const std::string& name) {
    return column(analysis::score_table(model, table, {}, name), "error");
  };
  std::vector<MethodResult> results;
  const auto n_sets = static_cast<std::int64_t>(background_models.size() * c.spins.size() * c.signal_fractions.size());
  ProgressBar bar("compare methods", n_sets, "data sets", config.training.progress);
  std::int64_t done = 0;
  for (const auto& [seed, model] : background_models) {
    BumpHuntConfig at_seed = config;
    at_seed.training.first_seed = seed;
    const auto reference =
        seed == config.training.first_seed
            ? tests.at("reference")
            : momenta(phase_space(config, config.reference_factor * config.training.n, named_seed(seed, "reference")));
    const Eigen::VectorXd reference_error = error(model, reference, "reference");
    const Eigen::VectorXd background_error = error(model, tests.at("background_test"), "background_test");
    for (const int spin : c.spins) {
      auto resonance = phase_space(config, config.n_test, named_seed(config.training.first_seed, "resonance-test"));
      resonance.resonance = config.resonance;
      resonance.resonance->spin = spin;
      resonance.stream_tag = physics::kSignalStreamTag;
      const auto resonance_test = momenta(resonance);
      const Eigen::VectorXd resonance_error = error(model, resonance_test, "resonance_test");
      for (const double fraction : c.signal_fractions) {
        at_seed.signal_fraction = fraction;
        at_seed.resonance.spin = spin;
        const auto events = physics::generate_bump_hunt(data_spec(at_seed));
        const ComparisonSample sample{events,           reference,       tests.at("background_test"),
                                      resonance_test,   error(model, events, "data"),
                                      reference_error,  background_error, resonance_error};
        for (auto& m : compare_methods(c, sample, config.resonance.mass, seed)) {
          m.spin = spin;
          m.signal_fraction = fraction;
          results.push_back(std::move(m));
        }
        bar.update(++done);
      }
    }
  }
  bar.finish();
  return results;
}

// The data's uncut m_12 spectrum fitted in the side-bands with exp of a quadratic and with the
// dijet function (analysis/bump_hunter.hpp), and a figure of both fits over the data.
std::pair<std::vector<SideBandFit>, FigureRef> side_band_fits(const BumpHuntConfig& config, const data::Dataset& data,
                                                              const std::filesystem::path& dir) {
  analysis::Histogram h(config.bins, 0.0, config.energy);
  h.fill(column(data, "m_12"));
  report::FigureSpec f;
  f.title = "Side-band fits of the data's m_12 spectrum, no cut";
  f.x = {"m_12 (GeV)", report::Range{0.0, config.energy}, false};
  f.y.label = fmt::format("events / {:g} GeV", h.width());
  Eigen::VectorXd centre(h.bins()), observed(h.bins());
  for (int i = 0; i < h.bins(); ++i) {
    centre[i] = h.centre(i);
    observed[i] = h.content(i);
  }
  f.layers = report::counts_with_errors(centre, observed, "observed", "data (error bars: sqrt(n))");
  std::vector<SideBandFit> fits;
  std::vector<report::Layer> pull_layers;  // each fit's pulls, (n - b) / sqrt(b)
  double largest_pull = 0;
  for (const auto& [function, color] : {std::pair{analysis::FitFunction::exp_polynomial, "#d62728"},
                                        std::pair{analysis::FitFunction::dijet, "#1f77b4"}}) {
    analysis::BumpHunterSpec spec = scan_spec(config).hunter;
    spec.background = analysis::Background::sideband_fit;
    spec.fit_function = function;
    spec.reference_error = false;
    spec.pseudo_experiments = 1;  // the global p is not used here, and each would refit every window
    const auto hunt = analysis::BumpHunter(spec, h).hunt();
    SideBandFit fit;
    fit.function = std::string(analysis::to_string(function));
    if (hunt.fit_quality) {
      fit.chi2 = hunt.fit_quality->chi2;
      fit.ndf = hunt.fit_quality->ndf;
      fit.p = hunt.fit_quality->p;
      fit.bad = hunt.fit_quality->bad;
    }
    if (hunt.window) {
      fit.window = {hunt.window->low, hunt.window->high};
      fit.local_z = hunt.window->local_z;
    }
    if (!hunt.expected.empty()) {
      const Eigen::VectorXd expected = Eigen::Map<const Eigen::VectorXd>(hunt.expected.data(), h.bins());
      f.layers.push_back(report::xy_layer(
          report::Style::lines, {"m_12", fit.function}, {centre, expected},
          fmt::format("{}: chi2/ndf {:.1f}/{}, p {:.2g}{}", function == analysis::FitFunction::dijet ? "dijet function"
                                                                                                    : "exp(quadratic)",
                      fit.chi2, fit.ndf, fit.p, fit.bad ? " (BAD FIT)" : "")));
      f.layers.back().color = color;
      const Eigen::VectorXd pull = report::pulls(observed, expected);
      pull_layers.push_back(report::xy_layer(report::Style::linespoints, {"m_12", fit.function + "_pull"}, {centre, pull}));
      pull_layers.back().color = color;
      pull_layers.back().line_width = 1.0;
      largest_pull = std::max(largest_pull, pull.cwiseAbs().maxCoeff());
    }
    fits.push_back(std::move(fit));
  }
  if (!pull_layers.empty()) {
    f.lower = report::pull_panel(std::move(pull_layers), 0.0, config.energy, largest_pull);
    f.legend = report::Legend::above;
    f.height = 720;
  }
  return {std::move(fits),
          write_figure(f, dir, "side_band_fits",
                       "Side-band fits of the data's m_12 spectrum without a reference: exp of a quadratic cannot "
                       "follow the kinematic edge at E and is flagged (p < 0.01), so any bump it finds means nothing; "
                       "the dijet function fits, its pulls (panel below) scattered about zero where the quadratic's "
                       "wave. The experiment's searches use the background reference instead")};
}

// A model (or k-fold ensemble) of one training with its scores of every test set.
struct ScoredModel {
  std::string training;
  Index k = 0;
  std::uint64_t seed = 0;
  std::map<std::string, data::Dataset> scores;
};

// The K-fold ensembles of the data, one per seed: the data scored out-of-fold, the contrast
// data's background rows (the data's) likewise and its signal rows by member i mod K, every
// other table by member i mod K (analysis/score_table.hpp). Written as train_and_score does.
std::vector<ScoredModel> out_of_fold_models(const std::filesystem::path& dir, const BumpHuntConfig& config,
                                            const std::map<std::string, data::Dataset>& tests,
                                            const data::Dataset& contrast_signal, const std::set<std::string>& unwritten) {
  const auto& data = tests.at("data");
  const auto columns = data.feature_columns();
  const auto& t = config.training;
  std::vector<ScoredModel> models;
  ProgressBar bar(fmt::format("train k={}, {} folds x {} seeds", config.latent, config.folds, t.seeds),
                  static_cast<std::int64_t>(config.folds) * t.seeds * t.epochs, "epochs", t.progress);
  std::int64_t epochs_done = 0;
  nn::TrainOptions options;
  options.progress = false;
  options.on_epoch = [&](const nn::EpochMetrics&) { bar.update(++epochs_done); };
  for (const auto seed : t.seed_list()) {
    const auto folds = nn::Folds::of(data.select(columns, "data"), columns, config.folds, seed);
    std::vector<std::uint64_t> member_seeds;
    for (int f = 0; f < config.folds; ++f) member_seeds.push_back(named_seed(seed, fmt::format("fold{}", f)));
    const auto ensemble = nn::train_folds(data, columns, t.autoencoder(config.latent), t.trainer(seed), member_seeds,
                                          folds, options, t.threads > 0 ? t.threads : omp_get_max_threads());
    const auto folder = dir / model_folder(config.latent, seed);
    nn::save_ensemble(ensemble, folder / "model.json");
    ScoredModel m{"out-of-fold", config.latent, seed, {}};
    for (const auto& [name, test] : tests) {
      if (name == "contrast_data") continue;
      m.scores.emplace(name, name == "data" ? analysis::out_of_fold_score_table(ensemble, test, {}, name)
                                            : analysis::member_per_row_score_table(ensemble, test, {}, name));
    }
    // The contrast data: the data's background rows, as scored out-of-fold, and the contrast signal.
    m.scores.emplace("contrast_data",
                     labelled(background_rows(m.scores.at("data")),
                              analysis::member_per_row_score_table(ensemble, contrast_signal, {}, "contrast signal")));
    for (const auto& [name, scores] : m.scores)
      if (!unwritten.contains(name)) data::write_table(scores, folder / ("scores_" + name + ".csv"));
    models.push_back(std::move(m));
  }
  bar.finish();
  return models;
}

// The rows of `table` whose column m_12 lies in [lo, hi).
Eigen::VectorXd error_in_mass_slice(const data::Dataset& table, double lo, double hi) {
  const Eigen::VectorXd m = column(table, "m_12"), e = column(table, "error");
  std::vector<double> out;
  for (Index i = 0; i < m.size(); ++i)
    if (m[i] >= lo && m[i] < hi) out.push_back(e[i]);
  return Eigen::Map<Eigen::VectorXd>(out.data(), static_cast<Index>(out.size()));
}

// Pass rates of the data's background events and of the reference above the data's 0.9
// quantile of the error, and their difference in binomial errors.
std::array<double, 3> pass_rates(const data::Dataset& data, const data::Dataset& reference) {
  const Eigen::VectorXd e = column(data, "error");
  const double threshold = analysis::quantile(e, 0.9);
  double data_pass = 0, data_n = 0;
  for (Index i = 0; i < e.size(); ++i) {
    if ((*data.label)[i] != 0) continue;
    ++data_n;
    data_pass += e[i] > threshold;
  }
  const Eigen::VectorXd r = column(reference, "error");
  const double reference_pass = static_cast<double>(analysis::count_flagged(r, threshold));
  const double n_ref = static_cast<double>(r.size());
  const double p = (data_pass + reference_pass) / (data_n + n_ref);  // pooled, under no difference
  const double error = std::sqrt(p * (1 - p) * (1 / data_n + 1 / n_ref));
  return {data_pass / data_n, reference_pass / n_ref, (reference_pass / n_ref - data_pass / data_n) / error};
}

}  // namespace

BumpHuntResult run_bump_hunt(const BumpHuntConfig& config, const std::filesystem::path& dir) {
  const std::uint64_t seed = config.training.first_seed;
  const auto data = physics::generate_bump_hunt(data_spec(config));
  // Every sample from its own named seed.
  const auto sample = [&](Index events, const char* purpose) {
    return phase_space(config, events, named_seed(seed, purpose));
  };

  auto resonance = sample(config.n_test, "resonance-test");
  resonance.resonance = config.resonance;
  resonance.stream_tag = physics::kSignalStreamTag;
  auto contrast = sample(config.n_test, "contrast-test");
  contrast.masses = {0, 0, config.contrast_mass};
  // The contrast data: as many contrast events as the data hold resonance events.
  auto contrast_signal = contrast;
  contrast_signal.n_events = data.label->sum();
  contrast_signal.seed = named_seed(seed, "contrast-signal");
  const auto contrast_signal_events = momenta(contrast_signal);

  std::map<std::string, data::Dataset> tests = {
      {"data", data},
      {"contrast_data", labelled(background_rows(data), contrast_signal_events)},
      {"reference", momenta(sample(config.reference_factor * config.training.n, "reference"))},
      {"background_test", momenta(sample(config.n_test, "background-test"))},
      {"resonance_test", momenta(resonance)},
      {"contrast_test", momenta(contrast)}};
  for (const double mass : config.contrast_curve) {
    auto events = sample(config.n_test, "contrast-curve-test");  // one sample of angles, every mass
    events.masses = {0, 0, mass};
    tests.emplace(curve_test(mass), momenta(events));
  }
  std::set<std::string> unwritten = {"reference"};
  for (const double mass : config.contrast_curve) unwritten.insert(curve_test(mass));
  const auto scan = scan_spec(config);

  std::vector<ScoredModel> models = out_of_fold_models(dir / "out-of-fold", config, tests, contrast_signal_events, unwritten);
  std::map<std::uint64_t, nn::Model> background_models;  // by seed, for the method comparison
  for (const auto& [mode, train] : std::vector<std::pair<std::string, data::Dataset>>{
           {"background", momenta(sample(config.training.n, "background-training"))}, {"in-sample", data}}) {
    for (auto& m : train_and_score(dir / mode, train, {config.latent}, config.training, tests, {}, unwritten)) {
      if (mode == "background") background_models.emplace(m.seed, std::move(m.training.model));
      models.push_back({mode, m.k, m.seed, std::move(m.scores)});
    }
  }

  BumpHuntResult result;
  const double slice_lo = config.resonance.mass - 2 * config.resonance.width;
  const double slice_hi = config.resonance.mass + 2 * config.resonance.width;
  for (const auto& m : models) {
    const auto& mode = m.training;
    const auto stem = mode + "/" + model_folder(m.k, m.seed) + "/";
    // The report shows the first seed's figures of the out-of-fold training, and the in-sample
    // fake bump.
    const bool shown = mode == "out-of-fold" && m.seed == seed;
    const auto show = [&](FigureRef ref) {
      if (shown) result.figures.push_back(std::move(ref));
    };
    const auto res = roc(m.scores.at("background_test"), m.scores.at("resonance_test"));
    const auto con = roc(m.scores.at("background_test"), m.scores.at("contrast_test"));
    const auto slice = analysis::two_sample_roc(error_in_mass_slice(m.scores.at("reference"), slice_lo, slice_hi),
                                                error_in_mass_slice(m.scores.at("resonance_test"), slice_lo, slice_hi))
                           .summary();
    show(write_error_histograms(m.scores, m.k, m.seed, mode, dir, stem + "error_histograms"));
    show(write_figure(report::rejection_figure(res, "error"), dir, stem + "roc_resonance",
                      "Background rejection against signal efficiency, resonance"));
    write_figure(report::sic_figure(res, "error"), dir, stem + "sic_resonance", "SIC, resonance");
    show(write_figure(report::rejection_figure(con, "error"), dir, stem + "roc_contrast",
                      "The same for the off-manifold contrast"));
    write_figure(report::sic_figure(con, "error"), dir, stem + "sic_contrast", "SIC, off-manifold contrast");

    const nlohmann::json inputs = {{"data", mode + " training, scores of the data"}, {"reference", "background reference"}};
    const auto hunt = analysis::run_mass_scan(scan, m.scores.at("data"), "data", &m.scores.at("reference"), "reference");
    report::write_mass_scan(hunt, dir / (stem + "bumphunt_resonance"), inputs, {"GeV", std::pair{slice_lo, slice_hi}});
    const auto hunt_contrast = analysis::run_mass_scan(scan, m.scores.at("contrast_data"), "contrast data",
                                                       &m.scores.at("reference"), "reference");
    report::write_mass_scan(hunt_contrast, dir / (stem + "bumphunt_contrast"), inputs, {"GeV", std::nullopt});
    // write_mass_scan draws DIR/mass_<cut>.png for every cut.
    const auto mass_figure = [&](const analysis::MassScanResult& h, const std::string& folder, const std::string& cut,
                                 std::string caption, bool always = false) {
      const bool scanned = std::any_of(h.cuts.begin(), h.cuts.end(), [&](const auto& c) { return c.name == cut; });
      if (scanned && (shown || always)) result.figures.push_back({stem + folder + "/mass_" + cut + ".png", std::move(caption)});
    };
    mass_figure(hunt, "bumphunt_resonance", "none",
                "m_12 of the data with BumpHunter's window, no cut; below, each bin's pull against the expectation "
                "(the reference's error included)");
    mass_figure(hunt, "bumphunt_resonance", kSculptingCut, "m_12 of the 10 % highest-error events (out-of-fold scores)");
    mass_figure(hunt_contrast, "bumphunt_contrast", "q0.99", "The contrast data, 1 % highest-error events");
    if (mode == "in-sample" && m.seed == seed)
      mass_figure(hunt, "bumphunt_resonance", "q0.99",
                  "The overfitting artefact: the 1 % highest-error events when the model is scored on the very events "
                  "it trained on. It fits them better than the unseen reference, unevenly in m_12, and side-band "
                  "normalisation turns the difference into bumps that the out-of-fold scores do not show",
                  true);

    std::vector<double> curve, curve_error;
    for (const double mass : config.contrast_curve) {
      const auto c = roc(m.scores.at("background_test"), m.scores.at(curve_test(mass)));
      curve.push_back(c.auc);
      curve_error.push_back(c.auc_error);
    }
    const auto [data_pass, reference_pass, pass_z] = pass_rates(m.scores.at("data"), m.scores.at("reference"));
    result.runs.push_back({mode, m.k, m.seed, res.auc, res.auc_error, slice.auc, slice.auc_error, data_pass,
                           reference_pass, pass_z, con.auc, con.auc_error, curve, curve_error, res.max_sic.to_json(),
                           con.max_sic.to_json(), cut_numbers(hunt), cut_numbers(hunt_contrast)});
  }
  result.spread_over_seeds = spread_over_seeds(result.runs);
  if (!config.contrast_curve.empty())
    result.figures.push_back(write_figure(contrast_curve_figure(result.runs, config.contrast_curve), dir, "contrast_curve",
                                          "AUC of the error for the off-manifold contrast against the mass of particle "
                                          "3: the error sees an anomaly the further it lies from the manifold"));
  auto [fits, fit_figure] = side_band_fits(config, data, dir);
  result.side_band_fits = std::move(fits);
  result.figures.push_back(std::move(fit_figure));
  result.comparison = run_comparison(config, tests, background_models);
  for (auto& f : comparison_figures(result.comparison, config.comparison, dir)) result.figures.push_back(std::move(f));
  return result;
}

namespace {

bool held_out(const BumpHuntRun& run) { return run.training != "in-sample"; }

// Per held-out model with a window before any cut: the largest gain of a cut in local significance.
std::vector<double> significance_gains(const BumpHuntResult& r) {
  std::vector<double> out;
  for (const auto& run : r.runs) {
    if (!held_out(run)) continue;
    const auto& none = run.cuts.front();
    if (none.window.empty()) continue;
    for (std::size_t c = 1; c < run.cuts.size(); ++c)
      if (!run.cuts[c].window.empty()) out.push_back(run.cuts[c].local_z - none.local_z);
  }
  return out;
}

// Per held-out model: the background's sculpting by the claimed cut over a random subsample's.
std::vector<double> sculpting_excess(const BumpHuntResult& r) {
  std::vector<double> out;
  for (const auto& run : r.runs)
    if (held_out(run))
      for (const auto& c : run.cuts)
      if (c.cut == kSculptingCut && c.random_sculpting_jsd > 0)
          out.push_back(c.background_sculpting_jsd / c.random_sculpting_jsd);
  return out;
}

// One number per held-out run, or per run of one training.
template <typename Value>
std::vector<double> held_out_runs(const BumpHuntResult& r, Value value) {
  std::vector<double> out;
  for (const auto& run : r.runs)
    if (held_out(run)) out.push_back(std::invoke(value, run));
  return out;
}
template <typename Value>
std::vector<double> runs_of(const BumpHuntResult& r, const std::string& training, Value value) {
  std::vector<double> out;
  for (const auto& run : r.runs)
    if (run.training == training) out.push_back(std::invoke(value, run));
  return out;
}

// One number per seed of one method, spin and signal fraction in the comparison.
std::vector<double> comparison_values(const BumpHuntResult& r, const std::string& method, int spin, double fraction,
                                      double MethodResult::*value) {
  std::vector<double> out;
  for (const auto& m : r.comparison)
    if (m.method == method && m.spin == spin && m.signal_fraction == fraction) out.push_back(m.*value);
  return out;
}

std::string summary(const BumpHuntResult& r) {
  std::string out =
      "bump-hunt: AUC of the error (resonance, off-manifold contrast) and the resonance's local significance "
      "before / after keeping the highest-error events\n";
  for (const auto& run : r.runs) {
    out += fmt::format("  trained on {:<10} seed={}  AUC {:.3f} / contrast {:.3f}  Z", run.training, run.seed,
                       run.auc_resonance, run.auc_contrast);
    for (const auto& c : run.cuts)
      out += fmt::format(" {}:{}", c.cut, c.window.empty() ? std::string("-") : fmt::format("{:.1f}", c.local_z));
    out += "\n";
  }
  if (!r.comparison.empty()) {
    out += "  what finds the resonance (median over seeds; AUC / global Z after the cut):\n";
    std::set<std::pair<int, double>> sets;
    for (const auto& m : r.comparison) sets.insert({m.spin, m.signal_fraction});
    for (const auto& [spin, fraction] : sets) {
      out += fmt::format("    spin {} signal {:>5.1f} %:", spin, 100 * fraction);
      for (const char* method : {"none", "autoencoder", "cwola", "density"})
        out += fmt::format("  {} {:.2f} / {:.1f}", method,
                           median(comparison_values(r, method, spin, fraction, &MethodResult::auc)).value_or(0),
                           median(comparison_values(r, method, spin, fraction, &MethodResult::global_z)).value_or(0));
      out += "\n";
    }
  }
  return out;
}

}  // namespace

Experiment bump_hunt_experiment() {
  using C = BumpHuntConfig;
  using R = BumpHuntResult;
  Definition<C, R> d;
  d.name = "bump-hunt";
  d.title = "Bump hunt";
  d.help =
      "A resonance in 3-body phase space: AUC, SIC, BumpHunter before and after error cuts, sculpting, off-manifold "
      "contrast; out-of-fold, on a separate background, and in-sample; against CWoLa and a density score";
  d.text =
      "A resonance in m_12 is an over-density on phase space, not a point off it: the error does not see it, and "
      "cutting on the error throws the bump away and sculpts the background. An off-manifold contrast (particle 3 "
      "with a mass) is caught. Every number is on held-out scores (out-of-fold, or a model trained on a separate "
      "background sample); the in-sample training is shown only for the fake bumps it makes. CWoLa hunting and a "
      "density score find the resonance only where its decay differs from background at its mass (spin 1): a "
      "spin-0 resonance carries no information beyond m_12, and nothing beats the plain bump hunt there. Even for "
      "spin 1 they raise the AUC, not the significance, over the uncut hunt: a cos^2 decay angle against a flat one "
      "allows a SIC of at most 1.24, so a cut gains little in this toy.";
  d.parameters = {
      parameter<C>("energy", "Centre-of-mass energy E", [](C& c) -> double& { return c.energy; }),
      parameter<C>("resonance", "A,B:mass=M,width=G[,spin=S]: the signal resonance",
                   [](C& c) -> physics::Resonance& { return c.resonance; }, physics::Resonance::parse,
                   [](const physics::Resonance& r) { return r.description(); }),
      parameter<C>("signal-fraction", "Signal share of the data", [](C& c) -> double& { return c.signal_fraction; }),
      parameter<C>("n", "Data events (background + signal); also the background-only training size",
                   [](C& c) -> Index& { return c.training.n; }, {"events"}),
      parameter<C>("n-test", "Events per ROC test set", [](C& c) -> Index& { return c.n_test; }),
      parameter<C>("contrast-mass", "Mass of particle 3 in the off-manifold contrast",
                   [](C& c) -> double& { return c.contrast_mass; }),
      parameter<C>("contrast-curve", "Masses of particle 3 at which the contrast's AUC is measured (the curve)",
                   [](C& c) -> std::vector<double>& { return c.contrast_curve; }),
      parameter<C>("latent", "Latent dimension", [](C& c) -> Index& { return c.latent; }),
      parameter<C>("cut-quantiles", "Error quantiles to cut at (keep the events above)",
                   [](C& c) -> std::vector<double>& { return c.cut_quantiles; }),
      parameter<C>("bins", "Bins of m_12 over [0, E)", [](C& c) -> int& { return c.bins; }),
      parameter<C>("max-width", "Widest BumpHunter window, in bins", [](C& c) -> int& { return c.max_width; }),
      parameter<C>("pseudo", "BumpHunter pseudo-experiments", [](C& c) -> int& { return c.pseudo_experiments; }),
      parameter<C>("folds", "Folds of the out-of-fold training", [](C& c) -> int& { return c.folds; }),
      parameter<C>("comparison-fractions", "Signal fractions of the method comparison",
                   [](C& c) -> std::vector<double>& { return c.comparison.signal_fractions; }),
      parameter<C>("cut-efficiency", "Share of the data in a signal region and its side-bands that a method's cut keeps",
                   [](C& c) -> double& { return c.comparison.cut_efficiency; }),
      parameter<C>("cwola-folds", "Folds of CWoLa's classifiers", [](C& c) -> int& { return c.comparison.cwola_folds; }),
  };
  d.run = run_bump_hunt;
  d.summary = summary;
  // The data keep their 20000 events in every suite: the suite's training size would leave
  // the 1 % signal too few events to make a bump.
  d.suite = [](C& c, bool) { c.training.n = C{}.training.n; };
  d.claims = {
      {"resonance-auc-max", "the resonance is invisible to the error: no held-out model flags it",
       "largest AUC of the error for resonance against background, over held-out trainings and seeds", below(0.55),
       "10000 test events per class give the AUC an error of ~0.004: 0.55 is a dozen errors above 0.5, and a "
       "reconstruction cannot see an over-density on the manifold it reconstructs",
       [](const R& r) { return largest(held_out_runs(r, &BumpHuntRun::auc_resonance)); }},
      {"resonance-like-its-mass", "at its own mass the resonance is reconstructed exactly like background",
       "largest |AUC - 0.5| in DeLong errors of the error for resonance against reference events of the same m_12 "
       "(within two widths of M), over held-out trainings and seeds",
       at_most(4),
       "a spin-0 resonance's events at fixed m_12 are distributed as background's: the AUC away from 0.5 over all "
       "masses says where on phase space the resonance sits, not what it is; 4 errors leaves room for a handful of "
       "models",
       [](const R& r) {
         return largest(held_out_runs(r, [](const BumpHuntRun& x) {
           return std::abs(x.auc_resonance_slice - 0.5) / x.auc_resonance_slice_error;
         }));
       }},
      {"no-significance-gain", "no cut on the error raises the bump's significance much",
       "largest gain in local significance of a cut over the uncut spectrum (sigma), over held-out trainings and "
       "seeds",
       below(1.0),
       "a cut blind to the resonance keeping a fraction f scales the bump's significance by about sqrt(f), down; "
       "a window's local significance moves by about one sigma between overlapping subsamples, so a gain of one "
       "sigma or more would mean the cut enriched the signal",
       [](const R& r) { return largest(significance_gains(r)); }},
      {"in-sample-overfits", "scored on its own training events, a model passes them through a cut less often than "
       "unseen events",
       "smallest excess of the reference's pass rate over the data's background events' above the data's 0.9 "
       "quantile of the error, in binomial errors, over in-sample seeds",
       above(3),
       "a model fits the events it trained on better than unseen ones; the excess over three binomial errors "
       "(~0.0025 for 20 000 and 80 000 events) is the bias that side-band normalisation turns into fake bumps",
       [](const R& r) { return smallest(runs_of(r, "in-sample", &BumpHuntRun::pass_rate_z)); }},
      {"out-of-fold-fair", "out-of-fold scores pass the data's events as often as unseen events",
       "largest |difference| of the same pass rates, in binomial errors, over out-of-fold seeds", at_most(4),
       "every data event is scored by the member that did not see it and every reference event by one member: both "
       "are unseen, so the pass rates differ only by chance (a control that fails if the folds leak)",
       [](const R& r) {
         return largest(runs_of(r, "out-of-fold", [](const BumpHuntRun& x) { return std::abs(x.pass_rate_z); }));
       }},
      {"contrast-caught", "the off-manifold contrast is caught",
       "smallest AUC of the error for the contrast against background, over trainings and seeds", at_least(0.9),
       "a mass of 300 for particle 3 moves the events off the massless manifold by E_3^2 - p_3^2 = (0.3 E)^2, which "
       "an autoencoder of the manifold cannot reconstruct; 0.9 leaves room for the contrast events nearest it",
       [](const R& r) { return smallest(per_run(r.runs, &BumpHuntRun::auc_contrast)); }},
      {"contrast-curve-rises", "the further off the manifold, the better the error sees the contrast",
       "largest drop of the contrast's AUC from one mass to the next larger, in units of their combined DeLong "
       "error, over trainings and seeds",
       at_most(3),
       "a heavier particle 3 moves the events further from the massless manifold, so the error can only grow; "
       "two AUCs from independent test sets of 10 000 events differ by chance by a few of their errors at most",
       [](const R& r) -> std::optional<double> {
         std::vector<double> drops;
         for (const auto& run : r.runs)
           for (std::size_t j = 0; j + 1 < run.auc_contrast_curve.size(); ++j)
             drops.push_back((run.auc_contrast_curve[j] - run.auc_contrast_curve[j + 1]) /
                             std::hypot(run.auc_contrast_curve_error[j], run.auc_contrast_curve_error[j + 1]));
         return largest(drops);
       }},
      {"cut-sculpts", "cutting on the error sculpts the background's m_12 spectrum",
       "smallest JSD of the background's m_12 shape after keeping the top 10 %, over a random 10 %'s, over held-out "
       "trainings and seeds",
       above(3),
       "a random 10 % scatters about its expected JSD as a chi-square with bins - 1 = 39 degrees of freedom, relative "
       "spread sqrt(2 / 39) ~ 0.23: three times it is some nine spreads beyond chance",
       [](const R& r) { return smallest(sculpting_excess(r)); }},
      {"edge-breaks-smooth-fit", "a smooth side-band fit cannot follow phase space's kinematic edge, and topae says so",
       "p-value of the exp(quadratic) side-band fit's chi2 on the data's uncut m_12 spectrum", below(0.01),
       "the m_12 density of massless three-body phase space, 4 m (E^2 - m^2) / E^4, falls to zero at m = E, which an "
       "exponential of a quadratic cannot follow; p < 0.01 is the bad-fit flag (analysis/bump_hunter.hpp), so a "
       "search without a reference would be warned",
       [](const R& r) -> std::optional<double> {
         for (const auto& f : r.side_band_fits)
           if (f.function == "exp_poly") return f.p;
         return std::nullopt;
       }},
      {"spin0-nothing-beyond-mass", "a spin-0 resonance carries nothing beyond its mass: CWoLa and the density score "
       "do not see it either",
       "largest |AUC - 0.5| in DeLong errors of CWoLa and the density score for a spin-0 resonance, over signal "
       "fractions and seeds",
       at_most(4),
       "at fixed m_12 a spin-0 resonance's decay angles are distributed as background's, so a score of the angles "
       "cannot tell them apart on independent test sets; 4 errors leaves room for a dozen scores",
       [](const R& r) {
         std::vector<double> v;
         for (const auto& m : r.comparison)
           if (m.spin == 0 && (m.method == "cwola" || m.method == "density"))
             v.push_back(std::abs(m.auc - 0.5) / m.auc_error);
         return largest(v);
       }},
      {"spin1-found", "where the resonance differs from background at its mass (spin 1, 1 % signal), CWoLa or the "
       "density score sees it far better than the error",
       "smallest, over seeds, of the better of CWoLa's and the density score's AUC minus the autoencoder's, spin 1 "
       "at 1 % signal",
       at_least(0.05),
       "the spin-1 decay's cos^2 law against a flat background gives an ideal AUC of 0.75; 200 signal events among "
       "some 1500 in the signal region let a classifier learn part of it. The autoencoder's own AUC moves by up to "
       "0.03 from one training to another (seeds; even the float rounding of one build against another), far more "
       "than its statistical error of 0.004, so the margin is set above that: 0.05 is also a dozen AUC errors",
       [](const R& r) -> std::optional<double> {
         std::map<std::uint64_t, std::map<std::string, double>> auc;
         for (const auto& m : r.comparison)
           if (m.spin == 1 && std::abs(m.signal_fraction - 0.01) < 1e-12) auc[m.seed][m.method] = m.auc;
         std::vector<double> v;
         for (auto& [seed, a] : auc) v.push_back(std::max(a["cwola"], a["density"]) - a["autoencoder"]);
         return smallest(v);
       }},
  };
  d.numbers = [](const R& r, const C& c) {
    std::vector<Number> n;
    if (r.runs.empty()) return n;
    n.push_back({"AUC of the off-manifold contrast", value_span(per_run(r.runs, &BumpHuntRun::auc_contrast))});
    for (std::size_t j = 0; j < c.contrast_curve.size(); ++j) {
      n.push_back({fmt::format("AUC of the contrast, particle 3 of mass {:g}", c.contrast_curve[j]),
                   value_span(per_run(r.runs, [j](const BumpHuntRun& x) { return x.auc_contrast_curve[j]; }))});
    }
    const auto& first = r.runs.front().cuts;
    if (!first.front().window.empty())
      n.push_back({"local significance before any cut", fmt::format("{:.2f}", first.front().local_z)});
    for (const auto& c : first)
      if (c.cut != "none")
        n.push_back({"background sculpting (JSD), cut " + c.cut, fmt::format("{:.3g}", c.background_sculpting_jsd)});
    if (const auto excess = sculpting_excess(r); !excess.empty())
      n.push_back({"sculpting by the top 10 % over a random 10 %'s", value_span(excess, 0)});
    for (const auto& f : r.side_band_fits)
      n.push_back({"side-band fit " + f.function + ": chi2/ndf, p",
                   fmt::format("{:.1f}/{}, {:.2g}{}", f.chi2, f.ndf, f.p, f.bad ? " (bad)" : "")});
    return n;
  };
  d.tables = [](const R& r, const C& c) {
    std::vector<ResultTable> tables;
    if (r.runs.empty()) return tables;
    ResultTable runs{.caption = "Each training's autoencoder: the resonance's AUC against all background and "
                                "against background of its own mass, the share of the data's background events "
                                "and of the reference above the data's 0.9 quantile of the error (z: their "
                                "difference in binomial errors), and BumpHunter's local Z per cut",
                     .header = {"trained", "seed", "AUC resonance", "same mass", "pass rate data / reference"},
                     .rows = {}};
    for (const auto& cut : r.runs.front().cuts) runs.header.push_back("local Z, " + cut.cut);
    for (const auto& run : r.runs) {
      std::vector<std::string> row = {
          run.training, std::to_string(run.seed),
          fmt::format("{:.3f} ± {:.3f}", run.auc_resonance, run.auc_resonance_error),
          fmt::format("{:.3f} ± {:.3f}", run.auc_resonance_slice, run.auc_resonance_slice_error),
          fmt::format("{:.3f} / {:.3f} (z {:.1f})", run.data_pass_rate, run.reference_pass_rate, run.pass_rate_z)};
      for (const auto& cut : run.cuts)
        row.push_back(cut.window.empty() ? "-" : fmt::format("{:.1f} at [{:g}, {:g})", cut.local_z, cut.window[0],
                                                             cut.window[1]));
      runs.rows.push_back(std::move(row));
    }
    tables.push_back(std::move(runs));
    if (r.comparison.empty()) return tables;
    ResultTable t{.caption = "What finds the resonance: each method's score cut to keep the same share of the data "
                             "in every signal region (ranges over seeds). AUC and largest SIC of resonance against "
                             "background test events (AUC error: DeLong's); local Z in the region of largest "
                             "significance, global Z over all regions (Sidak)",
                  .header = {"spin", "signal", "method", "AUC", "AUC error", "max SIC", "local Z", "global Z",
                             "best region (GeV)"},
                  .rows = {}};
    for (const int spin : c.comparison.spins)
      for (const double fraction : c.comparison.signal_fractions)
        for (const char* method : {"none", "autoencoder", "cwola", "density"}) {
          const auto values = [&](double MethodResult::*value, int digits) {
            return value_span(comparison_values(r, method, spin, fraction, value), digits);
          };
          // The seeds' regions, each once: "200, 500".
          const auto centres = comparison_values(r, method, spin, fraction, &MethodResult::best_region);
          const std::set<double> regions(centres.begin(), centres.end());
          t.rows.push_back({std::to_string(spin), fmt::format("{:g} %", 100 * fraction), method,
                            values(&MethodResult::auc, 3), values(&MethodResult::auc_error, 3),
                            values(&MethodResult::max_sic, 2),
                            values(&MethodResult::local_z, 1), values(&MethodResult::global_z, 1),
                            fmt::format("{:g}", fmt::join(regions, ", "))});
        }
    tables.push_back(std::move(t));
    return tables;
  };
  return Experiment(std::move(d));
}

}  // namespace topae::experiments
