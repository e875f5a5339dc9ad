#pragma once
// The density score of a resonance search, ANODE's idea (Nachman and Shih, PRD 101 (2020)
// 075042) made simple: the log-ratio of the data's density in the signal region to the
// background's there, s(x) = ln p_SR(x) - ln p_SB(x), with both densities kernel estimates
// (kernel_density.hpp) of features other than the mass. Where the background's features do
// not depend on the mass, the side-bands' density is the background's in the signal region
// (the interpolation ANODE and CATHODE learn is then the identity), and s is the log
// likelihood ratio of data to background, large where the signal sits.
//
// Each training event's own kernel is left out of the density of its region, so that no
// event is scored by an estimate it is part of.
#include <utility>
#include <vector>

#include "topae/analysis/kernel_density.hpp"
#include "topae/core/matrix.hpp"

namespace topae::analysis {

class DensityRatio {
 public:
  // features: n x d; in_signal_region[i]: event i is in the SR (else a side-band). Throws
  // InputError if either region has fewer than 2 events.
  DensityRatio(const Table& features, const std::vector<bool>& in_signal_region);

  // s of each training event, its own kernel left out.
  const Eigen::VectorXd& training_scores() const { return training_; }
  // s of other events.
  Eigen::VectorXd score(const Table& features) const;

 private:
  // regions: the signal region's rows of the features, then the side-bands'.
  DensityRatio(const std::pair<Table, Table>& regions, const std::vector<bool>& in_signal_region);

  KernelDensity signal_region_, sidebands_;
  Eigen::VectorXd training_;
};

}  // namespace topae::analysis
