#pragma once
// Distances between the shapes of two histograms, e.g. to measure how much a cut on an
// anomaly score sculpts the background's mass spectrum.
#include "topae/analysis/histogram.hpp"

namespace topae::analysis {

// Jensen-Shannon divergence of the shapes of a and b, in bits:
//
//   P = a / sum(a), Q = b / sum(b) over the in-range bins (under- and overflow left out),
//   M = (P + Q) / 2,  JSD = KL(P || M) / 2 + KL(Q || M) / 2,  KL(P || M) = sum_i P_i log2(P_i / M_i),
//
// with 0 log 0 = 0. Symmetric, 0 for equal shapes, 1 for shapes with disjoint support, and
// unchanged when either histogram is scaled. For two shapes that differ by small fluctuations,
// JSD ~ sum_i (P_i - Q_i)^2 / (8 ln 2 M_i).
// Throws InputError if the binnings differ, a bin content is negative or not finite, or a
// histogram has nothing in range.
double jensen_shannon_divergence(const Histogram& a, const Histogram& b);

// The Jensen-Shannon divergence (bits) expected between the shape of `full`, a histogram of
// n = full.in_range() events, and that of `kept` of those events drawn at random without
// replacement: the sculpting that a cut keeping `kept` events regardless of the histogrammed
// variable leaves by chance. Drawn at random, the kept share of bin i varies about p_i with
// variance p_i (1 - p_i) (1 / kept - 1 / n) (hypergeometric, up to n / (n - 1)), so the
// small-difference form above gives
//
//   E[JSD] ~ (B - 1) / (8 ln 2) (1 / kept - 1 / n),   B the bins of `full` that hold events,
//
// good when the kept events fill every such bin well (a few tens each); JSD then scatters
// about it as a chi-square with B - 1 degrees of freedom, relative spread sqrt(2 / (B - 1)).
// Throws InputError unless 0 < kept <= n, or if full's contents fail check_counts.
double expected_subsample_jsd(const Histogram& full, double kept);

}  // namespace topae::analysis
