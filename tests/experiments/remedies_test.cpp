#include "topae/experiments/remedies.hpp"

#include "suite_claims.hpp"
#include "topae/nn/ensemble.hpp"

namespace topae::test {
namespace {

using RemediesClaims = SuiteClaims;

// One run at the quick suite's settings (four seeds): every claim, and what the claims rest on.
TEST_F(RemediesClaims, MatchedLatentsAndEnsemblesRemoveTheTearsFalsePositives) {
  const auto outcome = expect_claims_hold(
      "remedies", {},
      {"plain-tears", "matched-no-tear", "plain-flags-tear", "remedies-clear-tear", "sensitivity-kept",
       "phase-space-codes-apart", "torus-winding"});
  const auto result = outcome.results.get<experiments::RemediesResult>();
  // Every manifold has its plain model, two single remedies and two ensembles' median and
  // minimum, per seed.
  EXPECT_EQ(result.runs.size(), 4u * 7u * 4u);
  for (const auto& run : result.runs) {
    // The threshold is the calibration sample's 99 % quantile: on the independent test sample
    // it flags 1 % of 20 000 up to the binomial errors of both, sqrt(2 0.01 0.99 / 20000) =
    // 0.001; 4.5 of those, so that none of the 112 runs strays by chance (p ~ 1e-3).
    EXPECT_NEAR(run.fpr, 0.01, 0.0045) << run.manifold << " " << run.method << " seed " << run.seed;
  }
  // The ensemble files hold the plain models with their seeds, and read back; the bootstrap
  // ensemble's members say how they were trained.
  for (const char* file : {"ensemble.json", "ensemble_bootstrap.json"}) {
    const auto ensemble = nn::load_ensemble(dir() / "circle" / file);
    EXPECT_EQ(ensemble.seeds, (std::vector<std::uint64_t>{1, 2, 3, 4})) << file;
    EXPECT_EQ(ensemble.members.front().autoencoder.latent_dim(), 1) << file;
    EXPECT_EQ(ensemble.members.front().training.value("bootstrap", false), std::string(file) != "ensemble.json");
  }
}

// --manifolds picks the manifolds, and the resolved config names them for the rerun.
TEST_F(RemediesClaims, ManifoldsSelectTheRuns) {
  const auto* e = experiments::suite().find("remedies");
  ASSERT_NE(e, nullptr);
  const auto outcome = e->run({{"manifolds", "torus,circle"}, {"n", "100"}, {"n-test", "200"}, {"epochs", "1"}},
                              {std::nullopt, 2, false}, dir());
  const auto config = outcome.results.at("config").get<experiments::RemediesConfig>();
  EXPECT_EQ(config.manifolds, (std::vector<std::string>{"torus", "circle"}));
  const auto result = outcome.results.get<experiments::RemediesResult>();
  EXPECT_EQ(result.runs.size(), 2u * 7u * 4u);
  EXPECT_EQ(result.runs.front().manifold, "torus");
}

TEST_F(RemediesClaims, RefusesBadSettings) {
  EXPECT_EQ(refusal("remedies", {{"seeds", "2"}}),
            "--seeds must be at least 3 (an ensemble's median needs three members), got 2");
  EXPECT_EQ(refusal("remedies", {{"manifolds", "circle,klein"}}),
            "--manifolds: unknown manifold 'klein' (circle, sphere, torus, phase-space)");
  EXPECT_EQ(refusal("remedies", {{"manifolds", "circle,,torus"}}), "--manifolds: an empty name in 'circle,,torus'");
  EXPECT_EQ(refusal("remedies", {{"offset", "0"}}), "--offset must lie in (0, 1), got 0");
  EXPECT_EQ(refusal("remedies", {{"flag-fraction", "1"}}), "--flag-fraction must lie in (0, 1), got 1");
}

}  // namespace
}  // namespace topae::test
