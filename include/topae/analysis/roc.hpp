#pragma once
// ROC analysis of a score where a HIGHER score means more signal-like (an autoencoder's
// reconstruction error): the events kept by the cut `score >= t`.
//
// Definitions (docs/cli.md, "topae roc", says the same for users):
//
// - Efficiencies are weighted: eff_s(t) = (signal weight with score >= t) / (all signal
//   weight), eff_b likewise. Without weights every event weighs 1. Single weights may be
//   negative (NLO samples); each class's total must be positive. With negative weights the
//   efficiencies need not be monotone in t; every definition below stays well defined.
// - The curve has one point per distinct score t, in decreasing t, after a first point
//   (0, 0) whose threshold is +infinity (nothing kept); the last point is (1, 1) at the
//   smallest score. Events with tied scores enter together, so between two points the curve
//   is a straight (diagonal) segment, and the trapezoid area under eff_s over eff_b equals
//   the Mann-Whitney statistic with ties counted 1/2:
//     AUC = sum_{i signal, j background} w_i w_j ([s_i > s_j] + [s_i = s_j] / 2) / (W_s W_b).
//   It is computed in that form, from the cumulative sums over the sorted scores: O(n log n).
// - auc_error is DeLong's (1988) nonparametric standard error of the Mann-Whitney statistic,
//   with weights: V_i = (background weight below signal event i + half the tied) / W_b,
//   V_j = (signal weight above background event j + half the tied) / W_s, and
//     var = c_s sum_i w_i^2 (V_i - AUC)^2 / W_s^2 + c_b sum_j w_j^2 (V_j - AUC)^2 / W_b^2,
//   c = n_eff / (n_eff - 1) with Kish's effective count n_eff = W^2 / sum w^2: unit weights
//   give DeLong's unbiased form exactly. NaN when a class has n_eff <= 1.
// - SIC = eff_s / sqrt(eff_b), the significance improvement of the cut. Its maximum is taken
//   over the curve's points with eff_b >= a floor, because at tiny eff_b a handful of
//   background events decide the value and it diverges as eff_b -> 0. The default floor is
//   min(1, max(1e-4, 10 / n_eff_b)): the efficiency of ten background events (unit weights:
//   10 / n_background), where eff_b has a relative statistical error of about 30 %.
// - rejection_at(eff_s) = 1 / eff_b, with eff_b interpolated linearly along the curve at the
//   first point where it reaches eff_s (the straight segments are what ties give).
// - threshold_at(eff_b) is the smallest threshold whose eff_b is <= the target: the loosest
//   cut that keeps no more background than asked. +infinity (keep nothing) if even the
//   highest score's events exceed the target.
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::analysis {

// The points of a ROC curve, in order of decreasing threshold.
struct RocCurve {
  Eigen::VectorXd eff_s;      // signal efficiency of the cut score >= threshold
  Eigen::VectorXd eff_b;      // background efficiency
  Eigen::VectorXd threshold;  // the cut; +infinity at the first point (0, 0)

  Index size() const { return eff_s.size(); }
  // eff_s / sqrt(eff_b) per point, as IEEE arithmetic gives it: +infinity where eff_b = 0 <
  // eff_s, NaN at (0, 0) and where eff_b < 0.
  Eigen::VectorXd sic() const;
  // At most max_points (>= 2) of the points, the first and last always among them, for files
  // and figures. A point is kept when it starts a new step of 1 / (max_points - 2) in
  //   u = (eff_s + g(eff_b)) / 2,  g(e) = log(max(e, e_min) / e_min) / log(1 / e_min),
  // e_min the smallest positive eff_b: so both ends of the curve, the linear eff_s and the
  // logarithmic eff_b, keep about max_points / 2 points of resolution. u is made monotone
  // (running maximum) for negative weights. Throws InputError if max_points < 2.
  RocCurve thinned(Index max_points = 1000) const;
  // {"eff_s": [...], "eff_b": [...], "threshold": [...]} (infinite thresholds as null)
  nlohmann::json to_json() const;
};

struct SicPoint {
  double sic = 0;
  double eff_s = 0;
  double eff_b = 0;
  double threshold = 0;
  double min_eff_b = 0;  // the floor the maximum was searched above

  nlohmann::json to_json() const;
};

struct RejectionPoint {
  double eff_s = 0;      // the requested signal efficiency
  double eff_b = 0;      // interpolated on the curve
  double rejection = 0;  // 1 / eff_b; +infinity (null in JSON) where eff_b = 0

  nlohmann::json to_json() const;
};

struct ThresholdPoint {
  double target_eff_b = 0;  // the requested background efficiency
  double threshold = 0;     // keep score >= threshold; +infinity (null in JSON): keep nothing
  double eff_s = 0;         // at that threshold
  double eff_b = 0;         // at that threshold, <= target_eff_b

  nlohmann::json to_json() const;
};

// What RocSummary reports; the defaults are what `topae roc` writes.
struct RocSummaryOptions {
  std::vector<double> rejection_eff_s = {0.3, 0.5, 0.7};
  std::vector<double> threshold_eff_b = {0.1, 0.01, 0.001};
  std::optional<double> sic_min_eff_b;  // none: Roc::default_sic_floor()
  Index max_points = 1000;              // of the curve in the summary (RocCurve::thinned)
};

struct RocSummary {
  double auc = 0;
  double auc_error = 0;  // DeLong; NaN (null in JSON) when a class has n_eff <= 1
  Index n_signal = 0;
  Index n_background = 0;
  double weight_signal = 0;  // sum of weights (the count without weights)
  double weight_background = 0;
  double n_eff_signal = 0;  // Kish: (sum w)^2 / sum w^2
  double n_eff_background = 0;
  Index curve_points = 0;  // of the full curve
  SicPoint max_sic;
  std::vector<RejectionPoint> rejection;
  std::vector<ThresholdPoint> thresholds;
  RocCurve curve;  // thinned

  nlohmann::json to_json() const;
};

class Roc {
 public:
  // scores: no NaN (+-infinity allowed); labels: 1 signal, 0 background, nothing else;
  // weights: finite, one per event, each class's sum positive. At least one event of each
  // class. Otherwise InputError.
  Roc(const Eigen::Ref<const Eigen::VectorXd>& scores, const Eigen::Ref<const Eigen::VectorXi>& labels);
  Roc(const Eigen::Ref<const Eigen::VectorXd>& scores, const Eigen::Ref<const Eigen::VectorXi>& labels,
      const Eigen::Ref<const Eigen::VectorXd>& weights);

  const RocCurve& curve() const { return curve_; }
  double auc() const { return auc_; }
  double auc_error() const { return auc_error_; }
  Index n_signal() const { return n_signal_; }
  Index n_background() const { return n_background_; }
  double weight_signal() const { return weight_signal_; }
  double weight_background() const { return weight_background_; }
  double n_eff_signal() const { return n_eff_signal_; }
  double n_eff_background() const { return n_eff_background_; }

  // min(1, max(1e-4, 10 / n_eff_background)); see the top of this file.
  double default_sic_floor() const;
  // The largest SIC over the points with eff_b >= min_eff_b (none: the default floor), the
  // first such point on ties. min_eff_b in (0, 1], otherwise InputError.
  SicPoint max_sic(std::optional<double> min_eff_b = {}) const;
  // eff_s in [0, 1], otherwise InputError.
  RejectionPoint rejection_at(double eff_s) const;
  // eff_b in [0, 1], otherwise InputError.
  ThresholdPoint threshold_at(double eff_b) const;

  RocSummary summary(const RocSummaryOptions& options = {}) const;

 private:
  void compute(const Eigen::Ref<const Eigen::VectorXd>& scores, const Eigen::Ref<const Eigen::VectorXi>& labels,
               const Eigen::Ref<const Eigen::VectorXd>* weights);  // null: every weight 1

  RocCurve curve_;
  double auc_ = 0, auc_error_ = 0;
  Index n_signal_ = 0, n_background_ = 0;
  double weight_signal_ = 0, weight_background_ = 0;
  double n_eff_signal_ = 0, n_eff_background_ = 0;
};

// The ROC of `signal`'s scores (label 1) against `background`'s (label 0), every event weighing
// 1: two samples scored apart, as test sets are. Errors as Roc's.
Roc two_sample_roc(const Eigen::Ref<const Eigen::VectorXd>& background, const Eigen::Ref<const Eigen::VectorXd>& signal);

}  // namespace topae::analysis
