#pragma once
// Anomaly thresholds and error quantiles.
//
// Quantile definition (one for the whole module): the inverted empirical CDF, Hyndman-Fan
// type 1, numpy's method="inverted_cdf". With the n values sorted, v_(1) <= ... <= v_(n),
//   quantile(p) = v_(max(1, ceil(p n))),  p in [0, 1],
// the smallest value v with at least a fraction p of the values <= v. So at most a fraction
// 1 - p of the values lie strictly above it, and it is always one of the values.
// p n is rounded to the nearest integer when it lies within 1e-9 of it, so that p = 0.29,
// n = 100 gives v_(29) although 0.29 * 100 is 28.999... in floating point.
//
// A point is *flagged* when its error is strictly above the threshold.
#include <nlohmann/json.hpp>

#include "topae/core/matrix.hpp"

namespace topae::analysis {

// values: n >= 1, no NaN (+-infinity is allowed); p in [0, 1]. Otherwise InputError.
double quantile(const Eigen::Ref<const Eigen::VectorXd>& values, double p);

// The threshold that flags at most a fraction q of a reference set.
struct Threshold {
  double q = 0;            // the requested fraction
  double value = 0;        // flag error > value; value = quantile(reference, 1 - q) = v_(n - m)
  Index n_reference = 0;
  Index max_flagged = 0;   // m = floor(q n) (at most n - 1): no more reference points are flagged
  Index n_flagged = 0;     // reference points above value: exactly m unless v_(n-m) is tied
  double flagged_fraction = 0;  // n_flagged / n_reference

  nlohmann::json to_json() const;
};

// reference: n >= 1, no NaN; q in [0, 1). q n is rounded as p n is above. Otherwise InputError.
// q = 0 gives the maximum (nothing flagged); 0 < q < 1/n also flags nothing.
Threshold threshold_for_fraction(const Eigen::Ref<const Eigen::VectorXd>& reference, double q);

// The number and the fraction of `errors` strictly above `threshold`. errors: no NaN, and
// n >= 1 for the fraction; threshold not NaN. Otherwise InputError.
Index count_flagged(const Eigen::Ref<const Eigen::VectorXd>& errors, double threshold);
double flagged_fraction(const Eigen::Ref<const Eigen::VectorXd>& errors, double threshold);

// Quantiles of an error vector, by the definition above.
struct ErrorQuantiles {
  Index n = 0;
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double max = 0;

  nlohmann::json to_json() const;
};

// errors: n >= 1, no NaN; otherwise InputError.
ErrorQuantiles error_quantiles(const Eigen::Ref<const Eigen::VectorXd>& errors);

}  // namespace topae::analysis
