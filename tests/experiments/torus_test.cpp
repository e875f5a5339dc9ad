#include "topae/experiments/surfaces.hpp"

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using TorusClaims = SuiteClaims;

TEST_F(TorusClaims, ErrorAtKTwoIsFiveTimesThatAtKThree) {
  expect_claims_hold("torus", {}, {"k2-tears-k3-not"});
}

TEST_F(TorusClaims, RefusesATubeWiderThanItsRing) {
  EXPECT_NE(refusal("torus", {{"minor-radius", "3"}}).find("--minor-radius"), std::string::npos);
  EXPECT_EQ(refusal("torus", {{"n-test", "0"}}), "--n-test must be at least 1, got 0");
}

}  // namespace
}  // namespace topae::test
