#include "topae/experiments/audit.hpp"

#include "suite_claims.hpp"
#include "topae/topology/persistence.hpp"

namespace topae::test {
namespace {

using AuditClaims = SuiteClaims;

// One run of the experiment at the quick suite's settings: every claim it declares.
TEST_F(AuditClaims, TheAuditKnowsTheSuitesShapesAndTheSeamsSitOnTheTears) {
  std::vector<std::string> claims = {"dimension", "verdict", "seams-too-small", "seams-control",
                                     "seam-at-certificate"};
  if (topology::persistence_available()) claims.push_back("betti");  // unjudged without GUDHI
  expect_claims_hold("audit", {}, claims);
}

TEST_F(AuditClaims, RefusesTooFewEvents) {
  EXPECT_EQ(refusal("audit", {{"n-audit", "100"}}), "--n-audit must be at least 200, got 100");
  EXPECT_EQ(refusal("audit", {{"n-test", "5"}}), "--n-test must be at least 100, got 5");
}

}  // namespace
}  // namespace topae::test
