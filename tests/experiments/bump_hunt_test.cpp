#include "topae/experiments/bump_hunt.hpp"

#include <algorithm>

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using BumpHuntClaims = SuiteClaims;

TEST_F(BumpHuntClaims, ResonanceIsInvisibleToTheErrorWhileTheOffManifoldContrastIsCaught) {
  const auto outcome = expect_claims_hold(
      "bump-hunt", {{"pseudo", "100"}},
      {"resonance-auc-max", "resonance-like-its-mass", "no-significance-gain", "in-sample-overfits", "out-of-fold-fair",
       "contrast-caught", "contrast-curve-rises", "cut-sculpts", "edge-breaks-smooth-fit", "spin0-nothing-beyond-mass",
       "spin1-found"});
  const auto result = outcome.results.get<experiments::BumpHuntResult>();
  ASSERT_EQ(result.runs.size(), 6u);  // out-of-fold, background and in-sample, 2 seeds each
  // The suite keeps the data's 20000 events.
  EXPECT_EQ(outcome.results.at("config").at("training").at("n").get<Index>(), 20000);
  // Six of the first seed out-of-fold, the in-sample fake bump, the contrast curve, the side-band
  // fits, and the comparison's significance and AUC for each spin.
  EXPECT_EQ(result.figures.size(), 13u);
  ASSERT_EQ(result.side_band_fits.size(), 2u);
  // Four methods on every spin, signal fraction and seed.
  EXPECT_EQ(result.comparison.size(), 4u * 2 * 3 * 2);
}

TEST_F(BumpHuntClaims, EventsIsAnotherNameForN) {
  const auto* e = experiments::suite().find("bump-hunt");
  ASSERT_NE(e, nullptr);
  const auto n = std::find_if(e->parameters().begin(), e->parameters().end(), [](const auto& p) { return p.flag == "n"; });
  ASSERT_NE(n, e->parameters().end());
  EXPECT_EQ(n->aliases, std::vector<std::string>{"events"});
  EXPECT_EQ(n->default_value, "20000");
  const auto outcome = e->run({{"events", "500"}, {"n-test", "100"}, {"epochs", "1"}, {"pseudo", "10"}},
                              {std::nullopt, 2, false}, dir());
  EXPECT_EQ(outcome.results.at("config").at("training").at("n").get<Index>(), 500);
  EXPECT_EQ(outcome.results.at("config").get<experiments::BumpHuntConfig>().training.n, 500);
}

}  // namespace
}  // namespace topae::test
