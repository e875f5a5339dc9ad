#include "topae/experiments/circle.hpp"

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using CircleClaims = SuiteClaims;

TEST_F(CircleClaims, LatentOneTearsEverySeedAtSeedDependentPlaces) {
  // 8 seeds (the suite's setting for the circle).
  const auto outcome = expect_claims_hold("circle", {{"latent", "1"}}, {"k1-certificate", "k1-tears", "seam-moves"});
  const auto result = outcome.results.get<experiments::CircleResult>();
  ASSERT_EQ(result.runs.size(), 8u);
  for (const auto& run : result.runs) {
    // The certificate is a proof: one of the pair's actual errors reaches the bound.
    const auto& pair = run.borsuk_ulam_refined;
    EXPECT_GE(std::max(pair["error"].get<double>(), pair["image_error"].get<double>()) + 1e-9,
              pair["bound"].get<double>());
  }
}

TEST_F(CircleClaims, LatentTwoReconstructsEverywhereWithWindingOne) {
  expect_claims_hold("circle", {{"latent", "2"}, {"seeds", "1"}}, {"k2-reconstructs", "k2-winds-once"});
}

TEST_F(CircleClaims, OneSeedCannotJudgeWhetherTheSeamMoves) {
  const auto outcome = expect_claims_hold("circle", {{"latent", "1"}, {"seeds", "1"}, {"epochs", "5"}}, {});
  for (const auto& v : outcome.verdicts) {
    if (v.id == "seam-moves") {
      EXPECT_FALSE(v.holds.has_value()) << v.measured;
    }
  }
}

}  // namespace
}  // namespace topae::test
