#include "topae/experiments/bump_hunt.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "topae/analysis/divergence.hpp"
#include "topae/analysis/mass_scan.hpp"
#include "topae/analysis/roc.hpp"
#include "topae/analysis/seed_spread.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/experiments/models.hpp"
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
  for (const auto& [training, color] : {std::pair{"data", "#1f77b4"}, std::pair{"background", "#ff7f0e"}}) {
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
FigureRef write_error_histograms(const TrainedModel& m, const std::string& training, const std::filesystem::path& dir,
                                 const std::string& stem) {
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

  std::map<std::string, data::Dataset> tests = {
      {"data", data},
      {"contrast_data", labelled(background_rows(data), momenta(contrast_signal))},
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
  const std::map<std::string, data::Dataset> trainings = {
      {"data", data}, {"background", momenta(sample(config.training.n, "background-training"))}};
  const auto scan = scan_spec(config);

  BumpHuntResult result;
  for (const auto& [mode, train] : trainings) {
    for (const auto& m : train_and_score(dir / mode, train, {config.latent}, config.training, tests, {}, unwritten)) {
      const auto stem = mode + "/" + model_folder(m.k, m.seed) + "/";
      // The report shows the first seed's figures, trained on the data.
      const bool shown = mode == "data" && m.seed == seed;
      const auto show = [&](FigureRef ref) {
        if (shown) result.figures.push_back(std::move(ref));
      };
      const auto res = roc(m.scores.at("background_test"), m.scores.at("resonance_test"));
      const auto con = roc(m.scores.at("background_test"), m.scores.at("contrast_test"));
      show(write_error_histograms(m, mode, dir, stem + "error_histograms"));
      show(write_figure(report::rejection_figure(res, "error"), dir, stem + "roc_resonance",
                        "Background rejection against signal efficiency, resonance"));
      write_figure(report::sic_figure(res, "error"), dir, stem + "sic_resonance", "SIC, resonance");
      show(write_figure(report::rejection_figure(con, "error"), dir, stem + "roc_contrast",
                        "The same for the off-manifold contrast"));
      write_figure(report::sic_figure(con, "error"), dir, stem + "sic_contrast", "SIC, off-manifold contrast");

      const nlohmann::json inputs = {{"data", mode + " training, scores of the data"}, {"reference", "background reference"}};
      const auto hunt = analysis::run_mass_scan(scan, m.scores.at("data"), "data", &m.scores.at("reference"), "reference");
      report::write_mass_scan(hunt, dir / (stem + "bumphunt_resonance"), inputs);
      const auto hunt_contrast = analysis::run_mass_scan(scan, m.scores.at("contrast_data"), "contrast data",
                                                         &m.scores.at("reference"), "reference");
      report::write_mass_scan(hunt_contrast, dir / (stem + "bumphunt_contrast"), inputs);
      // write_mass_scan draws DIR/mass_<cut>.png for every cut.
      const auto mass_figure = [&](const analysis::MassScanResult& h, const std::string& folder, const std::string& cut,
                                   std::string caption) {
        const bool scanned = std::any_of(h.cuts.begin(), h.cuts.end(), [&](const auto& c) { return c.name == cut; });
        if (scanned) show({stem + folder + "/mass_" + cut + ".png", std::move(caption)});
      };
      mass_figure(hunt, "bumphunt_resonance", "none", "m_12 of the data with BumpHunter's window, no cut");
      mass_figure(hunt, "bumphunt_resonance", kSculptingCut, "m_12 of the 10 % highest-error events");
      mass_figure(hunt_contrast, "bumphunt_contrast", "q0.99", "The contrast data, 1 % highest-error events");

      std::vector<double> curve, curve_error;
      for (const double mass : config.contrast_curve) {
        const auto c = roc(m.scores.at("background_test"), m.scores.at(curve_test(mass)));
        curve.push_back(c.auc);
        curve_error.push_back(c.auc_error);
      }
      result.runs.push_back({mode, m.k, m.seed, res.auc, res.auc_error, con.auc, con.auc_error, curve, curve_error,
                             res.max_sic.to_json(), con.max_sic.to_json(), cut_numbers(hunt), cut_numbers(hunt_contrast)});
    }
  }
  result.spread_over_seeds = spread_over_seeds(result.runs);
  if (!config.contrast_curve.empty())
    result.figures.push_back(write_figure(contrast_curve_figure(result.runs, config.contrast_curve), dir, "contrast_curve",
                                          "AUC of the error for the off-manifold contrast against the mass of particle "
                                          "3: the error sees an anomaly the further it lies from the manifold"));
  return result;
}

namespace {

// Per model with a window before any cut: the largest gain of a cut in local significance.
std::vector<double> significance_gains(const BumpHuntResult& r) {
  std::vector<double> out;
  for (const auto& run : r.runs) {
    const auto& none = run.cuts.front();
    if (none.window.empty()) continue;
    for (std::size_t c = 1; c < run.cuts.size(); ++c)
      if (!run.cuts[c].window.empty()) out.push_back(run.cuts[c].local_z - none.local_z);
  }
  return out;
}

// Per model: the background's sculpting by the claimed cut over a random subsample's.
std::vector<double> sculpting_excess(const BumpHuntResult& r) {
  std::vector<double> out;
  for (const auto& run : r.runs)
    for (const auto& c : run.cuts)
      if (c.cut == kSculptingCut && c.random_sculpting_jsd > 0)
        out.push_back(c.background_sculpting_jsd / c.random_sculpting_jsd);
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
      "contrast; trained on data and on background";
  d.text =
      "A resonance in m_12 is an over-density on phase space, not a point off it: the error does not see it (AUC "
      "near 0.5), and cutting on the error throws the bump away and sculpts the background. An off-manifold "
      "contrast (particle 3 with a mass) is caught.";
  d.parameters = {
      parameter<C>("energy", "Centre-of-mass energy E", [](C& c) -> double& { return c.energy; }),
      parameter<C>("resonance", "A,B:mass=M,width=G: the signal resonance",
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
  };
  d.run = run_bump_hunt;
  d.summary = summary;
  // The data keep their 20000 events in every suite: the suite's training size would leave
  // the 1 % signal too few events to make a bump.
  d.suite = [](C& c, bool) { c.training.n = C{}.training.n; };
  d.claims = {
      {"resonance-auc-max", "the resonance is invisible to the error: no model flags it (AUC near 0.5)",
       "largest AUC of the error for resonance against background, over trainings and seeds", below(0.65),
       "a resonance on the background's manifold is reconstructed like background (AUC 0.5; 10000 test events per "
       "class give it an error of ~0.004); 0.15 above would mean the error sees an over-density, which a "
       "reconstruction cannot",
       [](const R& r) { return largest(per_run(r.runs, &BumpHuntRun::auc_resonance)); }},
      {"resonance-auc-min", "the resonance is invisible to the error: no model reconstructs it much better",
       "smallest AUC of the error for resonance against background, over trainings and seeds", above(0.35),
       "trained on data that hold it, a model fits the resonance's region a little better (AUC somewhat below "
       "0.5), but 1 % of the events cannot pull the error 0.15 away from background's",
       [](const R& r) { return smallest(per_run(r.runs, &BumpHuntRun::auc_resonance)); }},
      {"no-significance-gain", "no cut on the error raises the bump's significance much",
       "largest gain in local significance of a cut over the uncut spectrum (sigma), over trainings and seeds",
       below(1.0),
       "a cut blind to the resonance keeping a fraction f scales the bump's significance by about sqrt(f), down; "
       "a window's local significance moves by about one sigma between overlapping subsamples, so a gain of one "
       "sigma or more would mean the cut enriched the signal",
       [](const R& r) { return largest(significance_gains(r)); }},
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
       "smallest JSD of the background's m_12 shape after keeping the top 10 %, over a random 10 %'s, over trainings "
       "and seeds",
       above(3),
       "a random 10 % scatters about its expected JSD as a chi-square with bins - 1 = 39 degrees of freedom, relative "
       "spread sqrt(2 / 39) ~ 0.23: three times it is some nine spreads beyond chance",
       [](const R& r) { return smallest(sculpting_excess(r)); }},
  };
  d.numbers = [](const R& r, const C& c) {
    std::vector<Number> n;
    if (r.runs.empty()) return n;
    n.push_back({"AUC of the resonance", value_span(per_run(r.runs, &BumpHuntRun::auc_resonance))});
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
    return n;
  };
  return Experiment(std::move(d));
}

}  // namespace topae::experiments
