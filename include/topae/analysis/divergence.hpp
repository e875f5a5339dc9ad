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

}  // namespace topae::analysis
