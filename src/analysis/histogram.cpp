#include "topae/analysis/histogram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "topae/core/error.hpp"

namespace topae::analysis {

Histogram::Histogram(int bins, double lo, double hi) : lo_(lo), hi_(hi) {
  if (bins < 1) throw InputError(fmt::format("a histogram needs at least 1 bin, got {}", bins));
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    throw InputError(fmt::format("a histogram's range must be finite with lo < hi, got [{}, {})", lo, hi));
  }
  sum_w_.assign(static_cast<std::size_t>(bins), 0.0);
  sum_w2_.assign(static_cast<std::size_t>(bins), 0.0);
}

int Histogram::bin_of(double x) const {
  if (x < lo_) return -1;
  if (x >= hi_) return bins();
  // Rounding can put x one bin off near an edge: correct against the edges themselves.
  int i = std::clamp(static_cast<int>((x - lo_) / (hi_ - lo_) * bins()), 0, bins() - 1);
  if (x < edge(i)) --i;
  else if (i + 1 < bins() && x >= edge(i + 1)) ++i;
  return i;
}

void Histogram::fill(double x, double w) {
  if (std::isnan(x)) throw InputError("histogram: cannot fill NaN");
  if (!std::isfinite(w)) throw InputError(fmt::format("histogram: the weight must be finite, got {}", w));
  ++entries_;
  const int i = bin_of(x);
  if (i < 0) {
    underflow_ += w;
  } else if (i >= bins()) {
    overflow_ += w;
  } else {
    sum_w_[i] += w;
    sum_w2_[i] += w * w;
  }
}

void Histogram::fill(const Eigen::Ref<const Eigen::VectorXd>& values) {
  for (Index k = 0; k < values.size(); ++k) fill(values[k]);
}

void Histogram::fill(const Eigen::Ref<const Eigen::VectorXd>& values, const Eigen::Ref<const Eigen::VectorXd>& weights) {
  if (weights.size() != values.size()) {
    throw InputError(fmt::format("histogram: {} weights for {} values", weights.size(), values.size()));
  }
  for (Index k = 0; k < values.size(); ++k) fill(values[k], weights[k]);
}

double Histogram::in_range() const { return std::accumulate(sum_w_.begin(), sum_w_.end(), 0.0); }

nlohmann::json Histogram::to_json() const {
  std::vector<double> edges(static_cast<std::size_t>(bins() + 1));
  for (int i = 0; i <= bins(); ++i) edges[i] = edge(i);
  return {{"bins", bins()},         {"lo", lo_},          {"hi", hi_},
          {"edges", edges},         {"contents", sum_w_}, {"variances", sum_w2_},
          {"underflow", underflow_}, {"overflow", overflow_}, {"entries", entries_}};
}

void check_same_binning(const char* where, const char* a_name, const Histogram& a, const char* b_name,
                        const Histogram& b) {
  if (a.bins() != b.bins() || a.lo() != b.lo() || a.hi() != b.hi()) {
    throw InputError(fmt::format("{}: {} has {} bins over [{}, {}) but {} has {} bins over [{}, {}); the binnings must match",
                                 where, a_name, a.bins(), a.lo(), a.hi(), b_name, b.bins(), b.lo(), b.hi()));
  }
}

void check_counts(const char* where, const char* name, const Histogram& h) {
  for (int i = 0; i < h.bins(); ++i) {
    if (!std::isfinite(h.content(i)) || h.content(i) < 0) {
      throw InputError(fmt::format("{}: {} bin {} holds {}; counts must be finite and >= 0", where, name, i, h.content(i)));
    }
  }
}

}  // namespace topae::analysis
