#include "topae/analysis/signal_region.hpp"

#include <fmt/format.h>

#include <cmath>

#include "topae/analysis/bump_hunter.hpp"
#include "topae/core/error.hpp"

namespace topae::analysis {

std::vector<SignalRegion> signal_regions(double first, double last, double step, double width) {
  if (!(width > 0) || !(step > 0) || !(first <= last))
    throw InputError(fmt::format("--signal-regions needs width > 0, step > 0 and first <= last, got first {}, last {}, "
                                 "step {}, width {}",
                                 first, last, step, width));
  std::vector<SignalRegion> regions;
  for (int i = 0; first + i * step <= last + 1e-9 * step; ++i) regions.push_back({first + i * step, width});
  return regions;
}

RegionTest test_region(const SignalRegion& region, const Eigen::VectorXd& data_mass, const std::vector<bool>& data_keep,
                       const Eigen::VectorXd& reference_mass, const std::vector<bool>& reference_keep) {
  RegionTest t;
  const auto count = [&](const Eigen::VectorXd& mass, const std::vector<bool>& keep, double& sr, double& sb) {
    for (Index i = 0; i < mass.size(); ++i) {
      if (!keep[static_cast<std::size_t>(i)]) continue;
      if (region.in_signal_region(mass[i])) ++sr;
      else if (region.in_sidebands(mass[i])) ++sb;
    }
  };
  count(data_mass, data_keep, t.data_signal_region, t.data_sidebands);
  count(reference_mass, reference_keep, t.reference_signal_region, t.reference_sidebands);
  if (t.data_sidebands == 0 || t.reference_sidebands == 0) return t;
  const double tau = t.reference_sidebands / t.data_sidebands;
  t.expected = t.reference_signal_region / tau;
  const double minus_log_p =
      window_minus_log_p_with_reference(t.data_signal_region, t.reference_signal_region, tau, false);
  t.local_p = std::exp(-minus_log_p);
  t.local_z = significance_from_minus_log_p(minus_log_p);
  return t;
}

double scan_global_p(double min_local_p, Index n_regions) {
  // 1 - (1 - p)^n without cancellation for small p.
  return -std::expm1(static_cast<double>(n_regions) * std::log1p(-min_local_p));
}

}  // namespace topae::analysis
