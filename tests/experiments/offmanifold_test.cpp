#include "topae/experiments/interpolation.hpp"

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using OffManifoldClaims = SuiteClaims;

TEST_F(OffManifoldClaims, LossIsNotAMonotoneFunctionOfTheDistanceToTheCircle) {
  expect_claims_hold("offmanifold", {}, {"not-monotone"});
}

TEST_F(OffManifoldClaims, RefusesAGridWithoutCorners) {
  EXPECT_EQ(refusal("offmanifold", {{"grid", "1"}}), "--grid must be at least 2, got 1");
}

}  // namespace
}  // namespace topae::test
