#include "topae/experiments/interpolation.hpp"

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using GapClaims = SuiteClaims;

TEST_F(GapClaims, ParaboloidHoleIsMissedWhileOffSurfacePointsAreCaught) {
  expect_claims_hold("gap", {}, {"centre-missed", "off-surface-caught"});
}

// Disabled: the claim fails at the suite's settings (flagged 0.63-1.00). The arc is an
// interval that the k = 1 code maps end to end, so a path through the missing arc joins the
// code's two ends and is decoded along the whole arc: the gap is extrapolated, not
// interpolated (README's one "no").
TEST_F(GapClaims, DISABLED_CircleWithAnArcRemovedMissesTheArc) {
  expect_claims_hold("gap", {}, {"arc-missed"});
}

TEST_F(GapClaims, RefusesSettingsWithoutAHoleOrOffSurfacePoints) {
  EXPECT_EQ(refusal("gap", {{"r-hole", "0"}}), "--r-hole must be positive (the hole to test), got 0");
  EXPECT_EQ(refusal("gap", {{"off-distance", "1"}}), "--off-distance must lie in (0, 1), got 1");
  EXPECT_EQ(refusal("gap", {{"flag-fraction", "0"}}), "--flag-fraction must lie in (0, 1), got 0");
  EXPECT_NE(refusal("gap", {{"arc-gap", "7"}}).find("--arc-gap"), std::string::npos);
}

}  // namespace
}  // namespace topae::test
