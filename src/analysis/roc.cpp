#include "topae/analysis/roc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "topae/core/checks.hpp"

namespace topae::analysis {
namespace {

constexpr const char* kWhere = "roc";
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Infinities as null too: JSON has no infinity, and a reader should not see a number there.
nlohmann::json finite_or_null(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

nlohmann::json finite_or_null(const Eigen::VectorXd& v) {
  auto out = nlohmann::json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(finite_or_null(v(i)));
  return out;
}

Eigen::VectorXd to_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Index>(v.size()));
}

void check_fraction(const char* what, double x) {
  if (!(x >= 0 && x <= 1)) throw InputError(fmt::format("{}: {} = {} must lie in [0, 1]", kWhere, what, x));
}

// Kish's effective number of events, sum_w^2 / sum_w2.
double effective_count(double sum_w, double sum_w2) { return sum_w2 > 0 ? sum_w * sum_w / sum_w2 : 0.0; }

// The events of one distinct score: their signal and background weights and squared weights.
struct Group {
  double score;
  double s = 0, b = 0;
  double s2 = 0, b2 = 0;
};

}  // namespace

Eigen::VectorXd RocCurve::sic() const { return eff_s.array() / eff_b.array().sqrt(); }

RocCurve RocCurve::thinned(Index max_points) const {
  if (max_points < 2)
    throw InputError(fmt::format("{}: a thinned curve keeps at least 2 points, not {}", kWhere, max_points));
  const Index n = size();
  if (n <= max_points) return *this;
  double e_min = 1.0;
  for (Index i = 0; i < n; ++i)
    if (eff_b(i) > 0) e_min = std::min(e_min, eff_b(i));
  const double log_range = std::log(1.0 / e_min);
  const auto g = [&](double e) { return log_range > 0 ? std::log(std::max(e, e_min) / e_min) / log_range : 0.0; };
  // Interior points take at most one per step, the endpoints two more.
  const auto steps = static_cast<double>(max_points - 2);
  std::vector<Index> kept = {0};
  double u_max = 0;
  double last_step = 0;
  for (Index i = 1; i + 1 < n; ++i) {
    u_max = std::max(u_max, 0.5 * (eff_s(i) + g(eff_b(i))));
    const double step = std::min(std::floor(u_max * steps), steps);
    if (step > last_step) {
      kept.push_back(i);
      last_step = step;
    }
  }
  kept.push_back(n - 1);
  RocCurve out;
  const auto k = static_cast<Index>(kept.size());
  out.eff_s.resize(k);
  out.eff_b.resize(k);
  out.threshold.resize(k);
  for (Index j = 0; j < k; ++j) {
    const Index i = kept[static_cast<std::size_t>(j)];
    out.eff_s(j) = eff_s(i);
    out.eff_b(j) = eff_b(i);
    out.threshold(j) = threshold(i);
  }
  return out;
}

nlohmann::json RocCurve::to_json() const {
  return {{"eff_s", finite_or_null(eff_s)}, {"eff_b", finite_or_null(eff_b)}, {"threshold", finite_or_null(threshold)}};
}

nlohmann::json SicPoint::to_json() const {
  return {{"sic", sic},
          {"eff_s", eff_s},
          {"eff_b", eff_b},
          {"threshold", finite_or_null(threshold)},
          {"min_eff_b", min_eff_b}};
}

nlohmann::json RejectionPoint::to_json() const {
  return {{"eff_s", eff_s}, {"eff_b", eff_b}, {"rejection", finite_or_null(rejection)}};
}

nlohmann::json ThresholdPoint::to_json() const {
  return {{"target_eff_b", target_eff_b}, {"threshold", finite_or_null(threshold)}, {"eff_s", eff_s}, {"eff_b", eff_b}};
}

nlohmann::json RocSummary::to_json() const {
  auto rejections = nlohmann::json::array();
  for (const auto& r : rejection) rejections.push_back(r.to_json());
  auto cuts = nlohmann::json::array();
  for (const auto& t : thresholds) cuts.push_back(t.to_json());
  return {{"auc", auc},
          {"auc_error", checks::number_or_null(auc_error)},
          {"auc_error_method", "DeLong 1988 (weighted, Kish effective counts)"},
          {"n_signal", n_signal},
          {"n_background", n_background},
          {"weight_signal", weight_signal},
          {"weight_background", weight_background},
          {"n_eff_signal", n_eff_signal},
          {"n_eff_background", n_eff_background},
          {"max_sic", max_sic.to_json()},
          {"rejection", rejections},
          {"thresholds", cuts},
          {"curve_points", curve_points},
          {"curve", curve.to_json()}};
}

Roc::Roc(const Eigen::Ref<const Eigen::VectorXd>& scores, const Eigen::Ref<const Eigen::VectorXi>& labels) {
  compute(scores, labels, nullptr);
}

Roc::Roc(const Eigen::Ref<const Eigen::VectorXd>& scores, const Eigen::Ref<const Eigen::VectorXi>& labels,
         const Eigen::Ref<const Eigen::VectorXd>& weights) {
  checks::check_same_size(kWhere, "scores", scores.size(), "weights", weights.size());
  checks::check_finite(kWhere, "weights", weights);
  compute(scores, labels, &weights);
}

void Roc::compute(const Eigen::Ref<const Eigen::VectorXd>& scores, const Eigen::Ref<const Eigen::VectorXi>& labels,
                  const Eigen::Ref<const Eigen::VectorXd>* weights) {
  const Index n = scores.size();
  checks::check_not_empty(kWhere, "scores", scores);
  checks::check_same_size(kWhere, "scores", n, "labels", labels.size());
  checks::check_no_nan(kWhere, "scores", scores);
  for (Index i = 0; i < n; ++i) {
    if (labels(i) != 0 && labels(i) != 1)
      throw InputError(
          fmt::format("{}: labels[{}] is {}; a label is 1 (signal) or 0 (background)", kWhere, i, labels(i)));
  }
  n_signal_ = labels.sum();
  n_background_ = n - n_signal_;
  if (n_signal_ == 0) throw InputError(fmt::format("{}: no signal events (label 1) among the {} events", kWhere, n));
  if (n_background_ == 0)
    throw InputError(fmt::format("{}: no background events (label 0) among the {} events", kWhere, n));

  // Decreasing score; ties grouped below.
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return scores(a) > scores(b); });

  std::vector<Group> groups;
  double sum_s2 = 0, sum_b2 = 0;
  for (const Index i : order) {
    if (groups.empty() || scores(i) != groups.back().score) groups.push_back(Group{scores(i)});
    Group& g = groups.back();
    const double w = weights != nullptr ? (*weights)(i) : 1.0;
    if (labels(i) == 1) {
      g.s += w;
      g.s2 += w * w;
    } else {
      g.b += w;
      g.b2 += w * w;
    }
  }
  // Totals in the order of the cumulative sums below, so that the last point is exactly (1, 1).
  double w_s = 0, w_b = 0;
  for (const Group& g : groups) {
    w_s += g.s;
    w_b += g.b;
    sum_s2 += g.s2;
    sum_b2 += g.b2;
  }
  if (!(w_s > 0))
    throw InputError(
        fmt::format("{}: the signal weights sum to {}; a class needs a positive total weight", kWhere, w_s));
  if (!(w_b > 0)) {
    throw InputError(
        fmt::format("{}: the background weights sum to {}; a class needs a positive total weight", kWhere, w_b));
  }
  weight_signal_ = w_s;
  weight_background_ = w_b;
  n_eff_signal_ = effective_count(w_s, sum_s2);
  n_eff_background_ = effective_count(w_b, sum_b2);

  // One point per group; the Mann-Whitney sum: background weight of each group times the
  // signal weight above it plus half the signal weight tied with it.
  const std::size_t points = groups.size() + 1;
  std::vector<double> eff_s(points), eff_b(points), threshold(points);
  eff_s[0] = 0;
  eff_b[0] = 0;
  threshold[0] = kInfinity;
  double s_above = 0, b_above = 0, u = 0;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const Group& g = groups[k];
    u += g.b * (s_above + 0.5 * g.s);
    s_above += g.s;
    b_above += g.b;
    eff_s[k + 1] = s_above / w_s;
    eff_b[k + 1] = b_above / w_b;
    threshold[k + 1] = g.score;
  }
  auc_ = u / w_s / w_b;
  curve_ = RocCurve{to_vector(eff_s), to_vector(eff_b), to_vector(threshold)};

  // DeLong's variance: the spread of each event's share of the pairs it wins (see the header).
  double var_s = 0, var_b = 0;
  s_above = 0;
  b_above = 0;
  for (const Group& g : groups) {
    const double v_signal = (w_b - b_above - 0.5 * g.b) / w_b;  // background below a signal event
    const double v_background = (s_above + 0.5 * g.s) / w_s;    // signal above a background event
    var_s += g.s2 * (v_signal - auc_) * (v_signal - auc_);
    var_b += g.b2 * (v_background - auc_) * (v_background - auc_);
    s_above += g.s;
    b_above += g.b;
  }
  const auto unbiased = [](double n_eff) {
    return n_eff > 1 ? n_eff / (n_eff - 1) : std::numeric_limits<double>::quiet_NaN();
  };
  auc_error_ =
      std::sqrt(unbiased(n_eff_signal_) * var_s / (w_s * w_s) + unbiased(n_eff_background_) * var_b / (w_b * w_b));
}

double Roc::default_sic_floor() const { return std::min(1.0, std::max(1e-4, 10.0 / n_eff_background_)); }

SicPoint Roc::max_sic(std::optional<double> min_eff_b) const {
  const double floor = min_eff_b.value_or(default_sic_floor());
  if (!(floor > 0 && floor <= 1))
    throw InputError(fmt::format("{}: the SIC floor min_eff_b = {} must lie in (0, 1]", kWhere, floor));
  const Eigen::VectorXd sic = curve_.sic();
  SicPoint best{.sic = -kInfinity, .min_eff_b = floor};
  for (Index i = 0; i < curve_.size(); ++i) {
    if (curve_.eff_b(i) >= floor && sic(i) > best.sic)
      best = {sic(i), curve_.eff_s(i), curve_.eff_b(i), curve_.threshold(i), floor};
  }
  return best;  // the last point, eff_b = 1 >= floor, always takes part
}

RejectionPoint Roc::rejection_at(double eff_s) const {
  check_fraction("eff_s", eff_s);
  const auto& c = curve_;
  Index i = 0;
  while (c.eff_s(i) < eff_s) ++i;  // ends: the last point has eff_s = 1
  double eff_b = c.eff_b(i);
  if (c.eff_s(i) > eff_s) {  // i > 0: interpolate on the segment from i - 1
    const double t = (eff_s - c.eff_s(i - 1)) / (c.eff_s(i) - c.eff_s(i - 1));
    eff_b = c.eff_b(i - 1) + t * (c.eff_b(i) - c.eff_b(i - 1));
  }
  return {eff_s, eff_b, eff_b > 0 ? 1.0 / eff_b : kInfinity};
}

ThresholdPoint Roc::threshold_at(double eff_b) const {
  check_fraction("eff_b", eff_b);
  const auto& c = curve_;
  Index i = c.size() - 1;
  while (i > 0 && !(c.eff_b(i) <= eff_b)) --i;  // ends: the first point has eff_b = 0
  return {eff_b, c.threshold(i), c.eff_s(i), c.eff_b(i)};
}

RocSummary Roc::summary(const RocSummaryOptions& options) const {
  RocSummary s;
  s.auc = auc_;
  s.auc_error = auc_error_;
  s.n_signal = n_signal_;
  s.n_background = n_background_;
  s.weight_signal = weight_signal_;
  s.weight_background = weight_background_;
  s.n_eff_signal = n_eff_signal_;
  s.n_eff_background = n_eff_background_;
  s.curve_points = curve_.size();
  s.max_sic = max_sic(options.sic_min_eff_b);
  for (const double e : options.rejection_eff_s) s.rejection.push_back(rejection_at(e));
  for (const double e : options.threshold_eff_b) s.thresholds.push_back(threshold_at(e));
  s.curve = curve_.thinned(options.max_points);
  return s;
}

Roc two_sample_roc(const Eigen::Ref<const Eigen::VectorXd>& background, const Eigen::Ref<const Eigen::VectorXd>& signal) {
  Eigen::VectorXd scores(background.size() + signal.size());
  scores << background, signal;
  Eigen::VectorXi labels = Eigen::VectorXi::Zero(scores.size());
  labels.tail(signal.size()).setOnes();
  return Roc(scores, labels);
}

}  // namespace topae::analysis
