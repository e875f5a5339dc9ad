#pragma once
// A one-dimensional histogram: `bins` equal bins over [lo, hi), an underflow (x < lo) and an
// overflow (x >= hi), with weights. Each bin keeps the sum of weights and the sum of squared
// weights (its variance estimate), as ROOT's TH1 with Sumw2.
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::analysis {

class Histogram {
 public:
  // bins >= 1; lo < hi, both finite. Otherwise InputError.
  Histogram(int bins, double lo, double hi);

  // x: not NaN (infinities go to the under- or overflow); w: finite. Otherwise InputError.
  void fill(double x, double w = 1.0);
  // Fills every value with weight 1, or with `weights` (the same length).
  void fill(const Eigen::Ref<const Eigen::VectorXd>& values);
  void fill(const Eigen::Ref<const Eigen::VectorXd>& values, const Eigen::Ref<const Eigen::VectorXd>& weights);

  int bins() const { return static_cast<int>(sum_w_.size()); }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  double width() const { return (hi_ - lo_) / bins(); }
  double edge(int i) const { return lo_ + (hi_ - lo_) * i / bins(); }  // i = 0..bins
  double centre(int i) const { return 0.5 * (edge(i) + edge(i + 1)); }
  // -1 for the underflow, bins() for the overflow.
  int bin_of(double x) const;

  double content(int i) const { return sum_w_[i]; }     // i = 0..bins-1
  double variance(int i) const { return sum_w2_[i]; }   // sum of squared weights
  const std::vector<double>& contents() const { return sum_w_; }
  double underflow() const { return underflow_; }
  double overflow() const { return overflow_; }
  double in_range() const;  // sum of the bin contents
  double total() const { return in_range() + underflow_ + overflow_; }
  Index entries() const { return entries_; }  // fills, under- and overflow included

  // Bins, edges, contents, variances, under- and overflow, entries.
  nlohmann::json to_json() const;

 private:
  double lo_, hi_;
  std::vector<double> sum_w_, sum_w2_;
  double underflow_ = 0, overflow_ = 0;
  Index entries_ = 0;
};

// Argument checks for functions of two histograms or of counts; each throws InputError with a
// one-line message that starts with `where`.
// a and b have the same number of bins and the same range.
void check_same_binning(const char* where, const char* a_name, const Histogram& a, const char* b_name,
                        const Histogram& b);
// Every bin content is finite and >= 0 (under- and overflow are not looked at).
void check_counts(const char* where, const char* name, const Histogram& h);

}  // namespace topae::analysis
