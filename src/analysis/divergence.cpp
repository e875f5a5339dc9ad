#include "topae/analysis/divergence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "topae/core/error.hpp"

namespace topae::analysis {

double jensen_shannon_divergence(const Histogram& a, const Histogram& b) {
  constexpr const char* where = "Jensen-Shannon divergence";
  check_same_binning(where, "the first histogram", a, "the second", b);
  check_counts(where, "the first histogram", a);
  check_counts(where, "the second histogram", b);
  const double sum_a = a.in_range(), sum_b = b.in_range();
  if (!(sum_a > 0) || !(sum_b > 0)) {
    throw InputError(fmt::format("{}: the {} histogram is empty in range; a shape needs a positive sum", where,
                                 sum_a > 0 ? "second" : "first"));
  }
  // p log2(p / m), with 0 log 0 = 0 (m > 0 wherever p > 0).
  const auto term = [](double p, double m) { return p > 0 ? p * std::log2(p / m) : 0.0; };
  double jsd = 0;
  for (int i = 0; i < a.bins(); ++i) {
    const double p = a.content(i) / sum_a, q = b.content(i) / sum_b, m = 0.5 * (p + q);
    jsd += 0.5 * (term(p, m) + term(q, m));
  }
  // Rounding can leave it a few ulps outside [0, 1].
  return std::clamp(jsd, 0.0, 1.0);
}

double expected_subsample_jsd(const Histogram& full, double kept) {
  constexpr const char* where = "expected Jensen-Shannon divergence of a subsample";
  check_counts(where, "the histogram", full);
  const double n = full.in_range();
  if (!(kept > 0 && kept <= n)) throw InputError(fmt::format("{}: {} kept of {} events", where, kept, n));
  const auto filled = std::count_if(full.contents().begin(), full.contents().end(), [](double c) { return c > 0; });
  return static_cast<double>(filled - 1) / (8 * std::log(2.0)) * (1 / kept - 1 / n);
}

}  // namespace topae::analysis
