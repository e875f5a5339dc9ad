#include "topae/experiments/bump_hunt_methods.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "topae/analysis/bump_hunter.hpp"
#include "topae/analysis/cwola.hpp"
#include "topae/analysis/density_ratio.hpp"
#include "topae/analysis/roc.hpp"
#include "topae/analysis/signal_region.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/experiments/claim.hpp"
#include "topae/experiments/models.hpp"
#include "topae/report/layers.hpp"

namespace topae::experiments {

namespace {

// Events per fold, in the SR and in the side-bands, below which a region is not tested.
constexpr Index kMinRegionEvents = 4;

// The rows of `events` in a region's SR or side-bands.
std::vector<Index> rows_in_window(const analysis::SignalRegion& region, const Eigen::VectorXd& mass) {
  std::vector<Index> rows;
  for (Index i = 0; i < mass.size(); ++i)
    if (region.in_signal_region(mass[i]) || region.in_sidebands(mass[i])) rows.push_back(i);
  return rows;
}

// A method's scores in one region: of the data's rows there, and of the reference's.
struct RegionScores {
  Eigen::VectorXd data, reference;
};

// Keeps the events whose score lies strictly above the data's (1 - efficiency) quantile (at most
// `efficiency` of the data); every event for efficiency 1.
std::pair<std::vector<bool>, std::vector<bool>> cut(const RegionScores& s, double efficiency) {
  const double threshold =
      efficiency >= 1 ? -std::numeric_limits<double>::infinity() : analysis::quantile(s.data, 1 - efficiency);
  const auto keep = [&](const Eigen::VectorXd& v) {
    std::vector<bool> k(static_cast<std::size_t>(v.size()));
    for (Index i = 0; i < v.size(); ++i) k[static_cast<std::size_t>(i)] = v[i] > threshold;
    return k;
  };
  return {keep(s.data), keep(s.reference)};
}

}  // namespace

void MethodComparisonConfig::validate() const {
  for (const double f : signal_fractions)
    if (!(f > 0 && f < 1)) throw InputError(fmt::format("--comparison-fractions must lie in (0, 1), got {}", f));
  for (const int s : spins)
    if (s != 0 && s != 1) throw InputError(fmt::format("--comparison-spins must be 0 or 1, got {}", s));
  analysis::signal_regions(first_region, last_region, region_step, region_width);
  if (!(cut_efficiency > 0 && cut_efficiency <= 1))
    throw InputError(fmt::format("--cut-efficiency must lie in (0, 1], got {}", cut_efficiency));
  if (cwola_folds < 2) throw InputError(fmt::format("--cwola-folds must be at least 2, got {}", cwola_folds));
}

Table decay_angles(const data::Dataset& events) {
  const Eigen::VectorXd m13 = column(events, "m_13"), m23 = column(events, "m_23");
  const Eigen::VectorXd px = column(events, "px_3"), py = column(events, "py_3"), pz = column(events, "pz_3");
  Table out(events.n_events(), 2);
  for (Index i = 0; i < events.n_events(); ++i) {
    const double a = m13[i] * m13[i], b = m23[i] * m23[i];
    out(i, 0) = (a - b) / (a + b);
    out(i, 1) = pz[i] / std::sqrt(px[i] * px[i] + py[i] * py[i] + pz[i] * pz[i]);
  }
  return out;
}

std::vector<MethodResult> compare_methods(const MethodComparisonConfig& config, const ComparisonSample& sample,
                                          double resonance_mass, std::uint64_t seed) {
  const auto regions = analysis::signal_regions(config.first_region, config.last_region, config.region_step,
                                                config.region_width);
  const Eigen::VectorXd data_mass = column(sample.data, "m_12"), reference_mass = column(sample.reference, "m_12");
  const Table data_angles = decay_angles(sample.data), reference_angles = decay_angles(sample.reference);
  const Table background_angles = decay_angles(sample.background_test);
  const Table resonance_angles = decay_angles(sample.resonance_test);
  std::size_t nearest = 0;
  for (std::size_t r = 0; r < regions.size(); ++r)
    if (std::abs(regions[r].centre - resonance_mass) < std::abs(regions[nearest].centre - resonance_mass)) nearest = r;

  const std::vector<std::string> methods = {"none", "autoencoder", "cwola", "density"};
  std::vector<MethodResult> results;
  for (const auto& method : methods) {
    MethodResult m;
    m.method = method;
    m.seed = seed;
    m.auc = 0.5;  // no cut: a constant score, which tells nothing apart (SIC 1 at efficiency 1)
    m.auc_error = 0;
    m.max_sic = 1;
    results.push_back(m);
  }
  const auto roc = [&](std::size_t j, const Eigen::VectorXd& background, const Eigen::VectorXd& signal) {
    const auto s = analysis::two_sample_roc(background, signal).summary();
    results[j].auc = s.auc;
    results[j].auc_error = s.auc_error;
    results[j].max_sic = s.max_sic.sic;
  };
  roc(1, sample.background_test_error, sample.resonance_test_error);  // the error's: the same in every region
  // Local significances per method and region (p = 1 where a region is not tested).
  std::vector<std::vector<analysis::RegionTest>> tests(methods.size());
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const auto& region = regions[r];
    const auto data_rows = rows_in_window(region, data_mass), reference_rows = rows_in_window(region, reference_mass);
    const Eigen::VectorXd m_data = data_mass(data_rows), m_reference = reference_mass(reference_rows);
    std::vector<bool> in_sr;
    for (const double m : m_data) in_sr.push_back(region.in_signal_region(m));
    // A region too sparse to train a classifier on (at the phase-space edges of small samples)
    // is not tested: its p stays 1.
    const auto n_sr = static_cast<Index>(std::count(in_sr.begin(), in_sr.end(), true));
    if (std::min(n_sr, static_cast<Index>(in_sr.size()) - n_sr) < kMinRegionEvents * config.cwola_folds) {
      for (auto& t : tests) t.emplace_back();
      continue;
    }
    const Table u_data = data_angles(data_rows, Eigen::all), u_reference = reference_angles(reference_rows, Eigen::all);

    analysis::CwolaSpec cwola_spec;
    cwola_spec.folds = config.cwola_folds;
    cwola_spec.hidden = config.cwola_hidden;
    cwola_spec.seed = named_seed(seed, fmt::format("cwola-region{}", r));
    const analysis::Cwola cwola(cwola_spec, u_data, in_sr);
    const analysis::DensityRatio density(u_data, in_sr);
    const std::vector<RegionScores> scores = {
        {Eigen::VectorXd::Zero(m_data.size()), Eigen::VectorXd::Zero(m_reference.size())},
        {sample.data_error(data_rows), sample.reference_error(reference_rows)},
        {cwola.out_of_fold(), cwola.score(u_reference)},
        {density.training_scores(), density.score(u_reference)}};
    for (std::size_t j = 0; j < methods.size(); ++j) {
      const auto [data_keep, reference_keep] = cut(scores[j], j == 0 ? 1.0 : config.cut_efficiency);
      tests[j].push_back(analysis::test_region(region, m_data, data_keep, m_reference, reference_keep));
    }
    if (r == nearest) {
      roc(2, cwola.score(background_angles), cwola.score(resonance_angles));
      roc(3, density.score(background_angles), density.score(resonance_angles));
    }
  }
  for (std::size_t j = 0; j < methods.size(); ++j) {
    const auto best = std::max_element(tests[j].begin(), tests[j].end(),
                                       [](const auto& a, const auto& b) { return a.local_z < b.local_z; });
    auto& m = results[j];
    m.best_region = regions[static_cast<std::size_t>(best - tests[j].begin())].centre;
    m.local_z = best->local_z;
    m.global_p = analysis::scan_global_p(best->local_p, static_cast<Index>(regions.size()));
    m.global_z = analysis::significance(m.global_p);
    m.resonance_region_z = tests[j][nearest].local_z;
  }
  return results;
}

std::vector<FigureRef> comparison_figures(const std::vector<MethodResult>& results, const MethodComparisonConfig& config,
                                          const std::filesystem::path& dir) {
  struct Quantity {
    const char* name;
    const char* label;
    const char* title;
    double MethodResult::*value;
    std::optional<report::Range> range;
  };
  const std::vector<Quantity> quantities = {
      {"global_z", "global significance Z (scan over signal regions)", "Global significance after each method's cut",
       &MethodResult::global_z, std::nullopt},
      {"auc", "AUC (resonance against background)", "AUC of each method's score for the resonance",
       &MethodResult::auc, report::Range{0.3, 1.0}}};
  const std::vector<std::pair<std::string, std::string>> methods = {
      {"none", "#7f7f7f"}, {"autoencoder", "#1f77b4"}, {"cwola", "#d62728"}, {"density", "#2ca02c"}};
  std::vector<FigureRef> figures;
  for (const int spin : config.spins) {
    for (const auto& q : quantities) {
      report::FigureSpec f;
      f.title = fmt::format("{}, spin-{} resonance", q.title, spin);
      f.x = {"signal fraction of the data (%)", report::Range{config.signal_fractions.front() / 1.5,
                                                              config.signal_fractions.back() * 1.5},
             true};
      for (const double x : config.signal_fractions) f.x_tics.emplace_back(x, fmt::format("{:g}", 100 * x));
      f.y = {q.label, q.range, false};
      f.legend = report::Legend::outside_right;
      for (const auto& [method, color] : methods) {
        if (q.value == &MethodResult::auc && method == "none") continue;  // a constant score: 0.5
        const auto n = static_cast<Index>(config.signal_fractions.size());
        Eigen::VectorXd x(n), mid(n);
        Table range(n, 4);
        for (Index j = 0; j < n; ++j) {
          std::vector<double> v;
          for (const auto& r : results)
            if (r.method == method && r.spin == spin && r.signal_fraction == config.signal_fractions[static_cast<std::size_t>(j)])
              v.push_back(r.*(q.value));
          x[j] = config.signal_fractions[static_cast<std::size_t>(j)];
          const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
          mid[j] = v.empty() ? 0 : *median(v);
          range.row(j) << x[j], v.empty() ? 0 : *lo, x[j], v.empty() ? 0 : *hi;
        }
        f.layers.push_back(report::xy_layer(report::Style::linespoints, {"fraction", q.name}, {x, mid}, method));
        f.layers.back().color = color;
        f.layers.push_back({report::Style::segments, "", {"fraction", "lowest", "fraction_", "highest"}, range, color});
      }
      figures.push_back(write_figure(
          f, dir, fmt::format("methods_{}_spin{}", q.name, spin),
          fmt::format("{} of each method against the signal fraction, spin-{} resonance (median over seeds, bars: "
                      "their range)",
                      q.label, spin)));
    }
  }
  return figures;
}

}  // namespace topae::experiments
