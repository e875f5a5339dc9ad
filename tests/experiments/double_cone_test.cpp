#include "topae/experiments/surfaces.hpp"

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using DoubleConeClaims = SuiteClaims;

TEST_F(DoubleConeClaims, ErrorConcentratesAtTheApexAtKTwo) {
  // The claim is about k = 2 only.
  const auto outcome = expect_claims_hold("double-cone", {{"latent", "2"}}, {"k2-apex-fails"});
  const auto result = outcome.results.get<experiments::DoubleConeResult>();
  EXPECT_EQ(result.by_sampling.size(), 2u);  // trained uniform in area and in height
}

TEST_F(DoubleConeClaims, RefusesAnApexRegionOutsideTheCone) {
  EXPECT_EQ(refusal("double-cone", {{"apex-region", "1"}}), "--apex-region must lie in (0, 1), got 1");
  EXPECT_EQ(refusal("double-cone", {{"apex-region", "0"}}), "--apex-region must lie in (0, 1), got 0");
}

}  // namespace
}  // namespace topae::test
