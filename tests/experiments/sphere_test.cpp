#include "topae/experiments/surfaces.hpp"

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using SphereClaims = SuiteClaims;

TEST_F(SphereClaims, TearsAtKTwoWithACertificateAndNotAtKThree) {
  const auto outcome = expect_claims_hold("sphere", {}, {"k2-certificate", "k2-tears", "k3-reconstructs"});
  const auto result = outcome.results.get<experiments::SphereResult>();
  ASSERT_EQ(result.runs.size(), 4u);  // k = 2, 3; 2 seeds
  for (const auto& run : result.runs) {
    // The certificate is a proof: one of the searched pair's actual errors reaches the bound.
    const auto& pair = run.borsuk_ulam_refined;
    EXPECT_GE(std::max(pair["error"].get<double>(), pair["image_error"].get<double>()) + 1e-9,
              pair["bound"].get<double>());
  }
}

TEST_F(SphereClaims, RefusesAnEmptyTestSet) {
  EXPECT_EQ(refusal("sphere", {{"n-test", "0"}}), "--n-test must be at least 1, got 0");
}

}  // namespace
}  // namespace topae::test
