#pragma once
// Signal regions of a resonance search: the signal region (SR) [centre - w/2, centre + w/2) of
// the mass, and side-bands (SB) of width w on each side. Weakly supervised searches (CWoLa,
// the density ratio; analysis/cwola.hpp) train one score per region on the data in SR and SB,
// cut on it, and test the SR's count after the cut; the region's position is scanned.
//
// Test of one region. With D_SR, D_SB the data and R_SR, R_SB a background reference's events
// after the cut, the SR expects B = R_SR D_SB / R_SB (side-band normalisation), and its local p
// is BumpHunter's on/off p with the reference's Poisson error (bump_hunter.hpp). The scan's
// global p over n regions is Sidak's 1 - (1 - p_min)^n: exact for independent regions,
// conservative for overlapping ones.
#include <nlohmann/json.hpp>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::analysis {

struct SignalRegion {
  double centre = 0;
  double width = 0;

  double low() const { return centre - width / 2; }
  double high() const { return centre + width / 2; }
  bool in_signal_region(double m) const { return m >= low() && m < high(); }
  bool in_sidebands(double m) const {
    return (m >= low() - width && m < low()) || (m >= high() && m < high() + width);
  }
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SignalRegion, centre, width)

// Regions of width w centred at first, first + step, ... up to last; throws InputError (naming
// --signal-regions) unless w > 0, step > 0 and first <= last.
std::vector<SignalRegion> signal_regions(double first, double last, double step, double width);

struct RegionTest {
  double data_signal_region = 0, data_sidebands = 0;
  double reference_signal_region = 0, reference_sidebands = 0;
  double expected = 0;  // B; 0 when undetermined (no side-band events)
  double local_p = 1;
  double local_z = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RegionTest, data_signal_region, data_sidebands, reference_signal_region,
                                   reference_sidebands, expected, local_p, local_z)

// The region's test after keeping the events with keep[i] true (masses and keeps of the data
// and the reference, each of one length).
RegionTest test_region(const SignalRegion& region, const Eigen::VectorXd& data_mass, const std::vector<bool>& data_keep,
                       const Eigen::VectorXd& reference_mass, const std::vector<bool>& reference_keep);

// Sidak's global p of the smallest local p of n regions, and its significance.
double scan_global_p(double min_local_p, Index n_regions);

}  // namespace topae::analysis
