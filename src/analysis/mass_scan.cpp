#include "topae/analysis/mass_scan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <limits>

#include "topae/analysis/divergence.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"

namespace topae::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The mass and score columns of a table, read once.
struct Columns {
  Eigen::VectorXd mass;
  Eigen::VectorXd score;
};

Columns columns_of(const data::Dataset& table, const MassScanSpec& spec, const std::string& name) {
  const Table t = table.select({spec.mass, spec.score}, name);
  if (t.rows() == 0) throw InputError(name, "no events");
  return {t.col(0), t.col(1)};
}

// The mass of the events i with keep(i), as a histogram of counts.
template <class Keep>
Histogram mass_histogram(const MassScanSpec& spec, const Eigen::VectorXd& mass, Keep keep) {
  Histogram h(spec.bins, spec.range->first, spec.range->second);
  for (Index i = 0; i < mass.size(); ++i)
    if (keep(i)) h.fill(mass(i));
  return h;
}

// JSD of the shapes, or NaN if either histogram is empty in range.
double sculpting(const Histogram& before, const Histogram& after) {
  if (!(before.in_range() > 0) || !(after.in_range() > 0)) return kNaN;
  return jensen_shannon_divergence(before, after);
}

double ratio(Index a, Index b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : kNaN; }

nlohmann::json contents(const std::optional<Histogram>& h) {
  return h ? nlohmann::json(h->contents()) : nlohmann::json(nullptr);
}

}  // namespace

void MassScanSpec::validate() const {
  if (mass.empty()) throw InputError("--mass: the mass column name is empty");
  if (score.empty()) throw InputError("--score: the score column name is empty");
  for (const double q : cut_quantiles) {
    if (!(q >= 0 && q < 1)) throw InputError(fmt::format("--cut-quantiles: {} is outside [0, 1)", q));
  }
  if (range && !(std::isfinite(range->first) && std::isfinite(range->second) && range->first < range->second)) {
    throw InputError(fmt::format("--range {},{}: need finite LO < HI", range->first, range->second));
  }
  hunter.validate(bins);
}

nlohmann::json MassScanSpec::to_json() const {
  return {{"mass", mass},
          {"score", score},
          {"cut_quantiles", cut_quantiles},
          {"bins", bins},
          {"range", range ? nlohmann::json::array({range->first, range->second}) : nlohmann::json(nullptr)},
          {"bump_hunter", hunter.to_json()}};
}

std::string MassScanSpec::description() const {
  const std::string where = range ? fmt::format("[{}, {})", range->first, range->second) : "the data's range";
  return fmt::format("'{}' in {} bins over {}, cuts on '{}' above its quantiles {}; {}", mass, bins, where, score,
                     fmt::join(cut_quantiles, ", "), hunter.description());
}

nlohmann::json MassCut::to_json() const {
  using checks::number_or_null;
  std::vector<double> edges(static_cast<std::size_t>(mass.bins() + 1));
  for (int i = 0; i <= mass.bins(); ++i) edges[static_cast<std::size_t>(i)] = mass.edge(i);
  nlohmann::json j = {
      {"name", name},
      {"quantile", quantile ? nlohmann::json(*quantile) : nlohmann::json(nullptr)},
      {"threshold", std::isfinite(threshold) ? nlohmann::json(threshold) : nlohmann::json(nullptr)},
      {"events", n_events},
      {"kept", n_kept},
      {"kept_fraction", number_or_null(kept_fraction)},
      {"kept_in_range", mass.in_range()},
      {"kept_underflow", mass.underflow()},
      {"kept_overflow", mass.overflow()},
      {"histogram",
       {{"edges", edges},
        {"observed", mass.contents()},
        {"reference", contents(reference_mass)},
        {"background", contents(background_mass)},
        {"signal", contents(signal_mass)}}},
      {"bump_hunt", hunt ? hunt->to_json() : nlohmann::json(nullptr)},
      {"skipped", skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(skipped)}};
  if (reference_mass) {
    j["reference_kept"] = reference_kept;
    j["reference_kept_fraction"] = number_or_null(reference_kept_fraction);
    j["reference_sculpting_jsd"] = number_or_null(reference_sculpting);
  }
  if (background_mass) {
    j["signal_efficiency"] = number_or_null(signal_efficiency);
    j["background_efficiency"] = number_or_null(background_efficiency);
    j["background_sculpting_jsd"] = number_or_null(background_sculpting);
  }
  return j;
}

nlohmann::json MassScanResult::to_json() const {
  nlohmann::json j = {{"spec", spec.to_json()},
                      {"description", spec.description()},
                      {"labelled", labelled},
                      {"has_weights", has_weights},
                      {"weights", "ignored: every event counts 1 (Poisson statistics need counts)"},
                      {"cuts", nlohmann::json::array()}};
  for (const auto& c : cuts) j["cuts"].push_back(c.to_json());
  return j;
}

MassScanResult run_mass_scan(const MassScanSpec& spec_in, const data::Dataset& data, const std::string& data_name,
                             const data::Dataset* reference, const std::string& reference_name) {
  MassScanResult result;
  MassScanSpec& spec = result.spec;
  spec = spec_in;
  spec.hunter.background = reference ? Background::reference : Background::sideband_fit;
  spec.validate();
  const Columns d = columns_of(data, spec, data_name);
  std::optional<Columns> ref;
  if (reference) ref = columns_of(*reference, spec, reference_name);
  if (!spec.range) {
    const double lo = d.mass.minCoeff(), hi = d.mass.maxCoeff();
    if (!(lo < hi)) throw InputError(data_name, fmt::format("column '{}' is constant ({}); give --range", spec.mass, lo));
    // [min, max]: the largest mass in the last bin, not in the overflow.
    spec.range = std::make_pair(lo, std::nextafter(hi, std::numeric_limits<double>::infinity()));
  }
  spec.hunter.max_width = spec.hunter.max_width_for(spec.bins);
  result.labelled = data.label.has_value();
  result.has_weights = data.weight.has_value() || (reference && reference->weight.has_value());

  const auto is_signal = [&](Index i) { return (*data.label)(i) != 0; };
  const Index n = d.mass.size();
  Index n_signal = 0;
  if (result.labelled) n_signal = (data.label->array() != 0).count();
  std::optional<Histogram> background_before, reference_before;
  if (result.labelled) background_before = mass_histogram(spec, d.mass, [&](Index i) { return !is_signal(i); });
  if (ref) reference_before = mass_histogram(spec, ref->mass, [](Index) { return true; });

  std::vector<std::optional<double>> quantiles = {std::nullopt};
  quantiles.insert(quantiles.end(), spec.cut_quantiles.begin(), spec.cut_quantiles.end());
  for (const auto& q : quantiles) {
    const double threshold = q ? quantile(d.score, *q) : -std::numeric_limits<double>::infinity();
    const auto kept = [&](const Eigen::VectorXd& score, Index i) { return score(i) > threshold; };
    MassCut cut(mass_histogram(spec, d.mass, [&](Index i) { return kept(d.score, i); }));
    cut.name = q ? fmt::format("q{}", *q) : "none";
    cut.quantile = q;
    cut.threshold = threshold;
    cut.n_events = n;
    cut.n_kept = (d.score.array() > threshold).count();
    cut.kept_fraction = ratio(cut.n_kept, n);
    if (ref) {
      cut.reference_mass = mass_histogram(spec, ref->mass, [&](Index i) { return kept(ref->score, i); });
      cut.reference_kept = (ref->score.array() > threshold).count();
      cut.reference_kept_fraction = ratio(cut.reference_kept, ref->score.size());
      cut.reference_sculpting = sculpting(*reference_before, *cut.reference_mass);
    }
    if (result.labelled) {
      cut.background_mass = mass_histogram(spec, d.mass, [&](Index i) { return !is_signal(i) && kept(d.score, i); });
      cut.signal_mass = mass_histogram(spec, d.mass, [&](Index i) { return is_signal(i) && kept(d.score, i); });
      Index signal_kept = 0;
      for (Index i = 0; i < n; ++i) signal_kept += is_signal(i) && kept(d.score, i);
      cut.signal_efficiency = ratio(signal_kept, n_signal);
      cut.background_efficiency = ratio(cut.n_kept - signal_kept, n - n_signal);
      cut.background_sculpting = sculpting(*background_before, *cut.background_mass);
    }
    if (!(cut.mass.in_range() > 0)) {
      cut.skipped = "no kept event in the mass range";
    } else if (cut.reference_mass && !(cut.reference_mass->in_range() > 0)) {
      cut.skipped = "no kept reference event in the mass range";
    } else {
      cut.hunt = (cut.reference_mass ? BumpHunter(spec.hunter, cut.mass, *cut.reference_mass)
                                     : BumpHunter(spec.hunter, cut.mass))
                     .hunt();
    }
    result.cuts.push_back(std::move(cut));
  }
  return result;
}

}  // namespace topae::analysis
