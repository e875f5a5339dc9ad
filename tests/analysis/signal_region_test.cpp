#include "topae/analysis/signal_region.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "topae/analysis/bump_hunter.hpp"
#include "topae/core/error.hpp"

namespace topae::analysis {
namespace {

TEST(SignalRegion, RegionsAndSidebands) {
  const auto regions = signal_regions(100, 300, 100, 50);
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_EQ(regions[2].centre, 300);
  const auto& r = regions[0];  // SR [75, 125), side-bands [25, 75) and [125, 175)
  EXPECT_TRUE(r.in_signal_region(75));
  EXPECT_FALSE(r.in_signal_region(125));
  EXPECT_TRUE(r.in_sidebands(25));
  EXPECT_TRUE(r.in_sidebands(125));
  EXPECT_FALSE(r.in_sidebands(175));
  EXPECT_FALSE(r.in_sidebands(100));
  EXPECT_THROW(signal_regions(100, 50, 10, 5), InputError);
  EXPECT_THROW(signal_regions(100, 200, 0, 5), InputError);
}

// Counts by hand: SR [90, 110), side-bands [70, 90) and [110, 130).
TEST(SignalRegion, TestCountsTheKeptEventsAndUsesTheOnOffP) {
  const SignalRegion r{100, 20};
  const Eigen::VectorXd data = (Eigen::VectorXd(7) << 95, 99, 105, 80, 120, 60, 100).finished();
  const std::vector<bool> data_keep = {true, true, true, true, true, true, false};
  const Eigen::VectorXd ref = (Eigen::VectorXd(6) << 91, 75, 85, 115, 125, 200).finished();
  const std::vector<bool> ref_keep(6, true);
  const auto t = test_region(r, data, data_keep, ref, ref_keep);
  EXPECT_EQ(t.data_signal_region, 3);  // 95, 99, 105 (100 is cut)
  EXPECT_EQ(t.data_sidebands, 2);      // 80, 120
  EXPECT_EQ(t.reference_signal_region, 1);
  EXPECT_EQ(t.reference_sidebands, 4);
  EXPECT_DOUBLE_EQ(t.expected, 1.0 / (4.0 / 2.0));
  const double minus_log_p = window_minus_log_p_with_reference(3, 1, 2, false);
  EXPECT_NEAR(t.local_p, std::exp(-minus_log_p), 1e-15);
  // The on/off p by hand: D = 3 of the 4 events in the SR of both samples, binomial with
  // rho = 1 / (1 + tau) = 1/3: P(N >= 3) = 4 (1/3)^3 (2/3) + (1/3)^4 = 9 / 81.
  EXPECT_NEAR(t.local_p, 9.0 / 81.0, 1e-12);
  // Without side-band events the expectation is undetermined.
  const auto none = test_region(r, data, std::vector<bool>(7, false), ref, ref_keep);
  EXPECT_EQ(none.expected, 0);
  EXPECT_EQ(none.local_p, 1);
}

TEST(SignalRegion, SidakGlobalP) {
  EXPECT_NEAR(scan_global_p(0.01, 10), 1 - std::pow(0.99, 10), 1e-15);
  EXPECT_NEAR(scan_global_p(1e-12, 10), 1e-11, 1e-20);
  EXPECT_EQ(scan_global_p(1, 10), 1);
}

}  // namespace
}  // namespace topae::analysis
