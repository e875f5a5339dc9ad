#include "topae/analysis/thresholds.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "topae/core/checks.hpp"

namespace topae::analysis {
namespace {

// x rounded to the nearest integer if within 1e-9 of it (relative for large x); else x.
double snap(double x) {
  const double r = std::round(x);
  return std::abs(x - r) <= 1e-9 * std::max(1.0, std::abs(x)) ? r : x;
}

std::vector<double> sorted_copy(const Eigen::Ref<const Eigen::VectorXd>& values) {
  std::vector<double> v(static_cast<std::size_t>(values.size()));
  for (Index i = 0; i < values.size(); ++i) v[static_cast<std::size_t>(i)] = values(i);
  std::sort(v.begin(), v.end());
  return v;
}

// v sorted, not empty, p in [0, 1]: v_(max(1, ceil(p n))), 1-based.
double sorted_quantile(const std::vector<double>& v, double p) {
  const auto n = static_cast<double>(v.size());
  const double rank = std::max(1.0, std::ceil(snap(p * n)));
  return v[static_cast<std::size_t>(std::min(rank, n)) - 1];
}

void check_values(const char* where, const char* name, const Eigen::Ref<const Eigen::VectorXd>& values) {
  checks::check_not_empty(where, name, values);
  checks::check_no_nan(where, name, values);
}

}  // namespace

double quantile(const Eigen::Ref<const Eigen::VectorXd>& values, double p) {
  constexpr const char* where = "quantile";
  check_values(where, "values", values);
  if (!(p >= 0 && p <= 1)) throw InputError(fmt::format("{}: p = {} must lie in [0, 1]", where, p));
  return sorted_quantile(sorted_copy(values), p);
}

nlohmann::json Threshold::to_json() const {
  return {{"q", q},
          {"value", value},
          {"n_reference", n_reference},
          {"max_flagged", max_flagged},
          {"n_flagged", n_flagged},
          {"flagged_fraction", flagged_fraction}};
}

Threshold threshold_for_fraction(const Eigen::Ref<const Eigen::VectorXd>& reference, double q) {
  constexpr const char* where = "anomaly threshold";
  check_values(where, "reference", reference);
  if (!(q >= 0 && q < 1)) throw InputError(fmt::format("{}: q = {} must lie in [0, 1)", where, q));
  const std::vector<double> v = sorted_copy(reference);
  const Index n = reference.size();

  Threshold t;
  t.q = q;
  t.n_reference = n;
  // m = floor(q n) directly, not through 1 - q, which rounds: ceil((1 - q) n) = n - floor(q n).
  t.max_flagged = std::min(n - 1, static_cast<Index>(std::floor(snap(q * static_cast<double>(n)))));
  t.value = v[static_cast<std::size_t>(n - t.max_flagged - 1)];
  t.n_flagged = static_cast<Index>(v.end() - std::upper_bound(v.begin(), v.end(), t.value));
  t.flagged_fraction = static_cast<double>(t.n_flagged) / static_cast<double>(n);
  return t;
}

Index count_flagged(const Eigen::Ref<const Eigen::VectorXd>& errors, double threshold) {
  constexpr const char* where = "flagged count";
  checks::check_no_nan(where, "errors", errors);
  if (std::isnan(threshold)) throw InputError(fmt::format("{}: the threshold is NaN", where));
  return (errors.array() > threshold).count();
}

double flagged_fraction(const Eigen::Ref<const Eigen::VectorXd>& errors, double threshold) {
  checks::check_not_empty("flagged fraction", "errors", errors);
  return static_cast<double>(count_flagged(errors, threshold)) / static_cast<double>(errors.size());
}

nlohmann::json ErrorQuantiles::to_json() const {
  return {{"n", n}, {"p50", p50}, {"p90", p90}, {"p99", p99}, {"max", max}};
}

ErrorQuantiles error_quantiles(const Eigen::Ref<const Eigen::VectorXd>& errors) {
  check_values("error quantiles", "errors", errors);
  const std::vector<double> v = sorted_copy(errors);
  ErrorQuantiles e;
  e.n = errors.size();
  e.p50 = sorted_quantile(v, 0.5);
  e.p90 = sorted_quantile(v, 0.9);
  e.p99 = sorted_quantile(v, 0.99);
  e.max = v.back();
  return e;
}

}  // namespace topae::analysis
