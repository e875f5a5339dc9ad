#include "topae/analysis/density_ratio.hpp"

#include <utility>

#include "topae/core/error.hpp"

namespace topae::analysis {

namespace {

// The rows of `features` in the signal region, then those in the side-bands.
std::pair<Table, Table> split(const Table& features, const std::vector<bool>& in_signal_region) {
  if (static_cast<Index>(in_signal_region.size()) != features.rows())
    throw Error("internal: density-ratio labels and features differ in length");
  std::vector<Index> sr, sb;
  for (std::size_t i = 0; i < in_signal_region.size(); ++i) (in_signal_region[i] ? sr : sb).push_back(static_cast<Index>(i));
  if (sr.size() < 2 || sb.size() < 2)
    throw InputError("the density score needs at least 2 events in the signal region and in the side-bands");
  return {features(sr, Eigen::all), features(sb, Eigen::all)};
}

}  // namespace

DensityRatio::DensityRatio(const Table& features, const std::vector<bool>& in_signal_region)
    : DensityRatio(split(features, in_signal_region), in_signal_region) {}

DensityRatio::DensityRatio(const std::pair<Table, Table>& regions, const std::vector<bool>& in_signal_region)
    : signal_region_(regions.first), sidebands_(regions.second) {
  // Each region's own events by the leave-one-out density of their region, the full density of the other.
  const Eigen::VectorXd sr_own = signal_region_.log_density_leave_one_out();
  const Eigen::VectorXd sb_own = sidebands_.log_density_leave_one_out();
  const Eigen::VectorXd sr_other = sidebands_.log_density(regions.first);
  const Eigen::VectorXd sb_other = signal_region_.log_density(regions.second);
  training_.resize(static_cast<Index>(in_signal_region.size()));
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
