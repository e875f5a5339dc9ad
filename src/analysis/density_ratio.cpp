#include "topae/analysis/density_ratio.hpp"

#include "topae/core/error.hpp"

namespace topae::analysis {

namespace {

// The rows of `features` whose flag equals `value`.
Table rows_with(const Table& features, const std::vector<bool>& flags, bool value) {
  std::vector<Index> rows;
  for (std::size_t i = 0; i < flags.size(); ++i)
    if (flags[i] == value) rows.push_back(static_cast<Index>(i));
  if (rows.size() < 2) throw InputError("the density score needs at least 2 events in the signal region and in the side-bands");
  return features(rows, Eigen::all);
}

}  // namespace

DensityRatio::DensityRatio(const Table& features, const std::vector<bool>& in_signal_region)
    : signal_region_(rows_with(features, in_signal_region, true)), sidebands_(rows_with(features, in_signal_region, false)) {
  if (static_cast<Index>(in_signal_region.size()) != features.rows())
    throw Error("internal: density-ratio labels and features differ in length");
  // Each region's own events by the leave-one-out density of their region, the full density of the other.
  const Eigen::VectorXd sr_own = signal_region_.log_density_leave_one_out();
  const Eigen::VectorXd sb_own = sidebands_.log_density_leave_one_out();
  const Eigen::VectorXd sr_other = sidebands_.log_density(rows_with(features, in_signal_region, true));
  const Eigen::VectorXd sb_other = signal_region_.log_density(rows_with(features, in_signal_region, false));
  training_.resize(features.rows());
  Index a = 0, b = 0;
  for (std::size_t i = 0; i < in_signal_region.size(); ++i) {
    if (in_signal_region[i]) {
      training_[static_cast<Index>(i)] = sr_own[a] - sr_other[a];
      ++a;
    } else {
      training_[static_cast<Index>(i)] = sb_other[b] - sb_own[b];
      ++b;
    }
  }
}

Eigen::VectorXd DensityRatio::score(const Table& features) const {
  return signal_region_.log_density(features) - sidebands_.log_density(features);
}

}  // namespace topae::analysis
