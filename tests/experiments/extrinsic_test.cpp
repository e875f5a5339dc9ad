#include "topae/experiments/interpolation.hpp"

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using ExtrinsicClaims = SuiteClaims;

TEST_F(ExtrinsicClaims, TrefoilTearsAtKTwoAndNotAtKThree) {
  // The claims are about k = 2 and 3.
  expect_claims_hold("extrinsic", {{"latent", "2,3"}}, {"trefoil-k2-tears", "trefoil-k3-reconstructs"});
}

TEST_F(ExtrinsicClaims, RefusesAClosedArc) {
  EXPECT_EQ(refusal("extrinsic", {{"arc-gap", "0"}}), "--arc-gap must lie in (0, 2 pi) radians, got 0");
}

}  // namespace
}  // namespace topae::test
