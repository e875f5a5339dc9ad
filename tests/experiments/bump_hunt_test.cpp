#include "topae/experiments/bump_hunt.hpp"

#include <algorithm>

#include "suite_claims.hpp"

namespace topae::test {
namespace {

using BumpHuntClaims = SuiteClaims;

TEST_F(BumpHuntClaims, ResonanceIsInvisibleToTheErrorWhileTheOffManifoldContrastIsCaught) {
  const auto outcome = expect_claims_hold(
      "bump-hunt", {{"pseudo", "100"}},
      {"resonance-auc-max", "resonance-auc-min", "no-significance-gain", "contrast-caught", "contrast-curve-rises",
       "cut-sculpts"});
  const auto result = outcome.results.get<experiments::BumpHuntResult>();
  ASSERT_EQ(result.runs.size(), 4u);  // trained on data and on background, 2 seeds each
  // The suite keeps the data's 20000 events.
  EXPECT_EQ(outcome.results.at("config").at("training").at("n").get<Index>(), 20000);
  EXPECT_EQ(result.figures.size(), 7u);  // six of the first seed trained on data, and the contrast curve
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
