#include "topae/experiments/phase_space.hpp"

#include <filesystem>

#include "suite_claims.hpp"
#include "topae/core/error.hpp"

namespace topae::test {
namespace {

using PhaseSpaceClaims = SuiteClaims;

TEST_F(PhaseSpaceClaims, MomentaAtKFiveMeetTheParityFloorAndInvariantsFailAtTheCorners) {
  // Seeds 1 and 2 (the quick suite); k = 6 is the control.
  const auto outcome = expect_claims_hold("phase-space", {},
                                          {"k5-parity-floor", "k5-codes-coincide", "k6-codes-apart", "k2-corners"});
  const auto result = outcome.results.get<experiments::PhaseSpaceResult>();
  ASSERT_EQ(result.runs.size(), 6u);  // momenta k = 5, 6 and invariants k = 2, two seeds each
  ASSERT_EQ(result.certificates.size(), 4u);
  for (const auto& c : result.certificates) {
    // The certificate is the larger of the sample's and the search's bounds.
    EXPECT_GE(c.bound, c.sample.at("best").at("bound").get<double>());
    EXPECT_DOUBLE_EQ(c.bound_over_floor, c.bound / c.floor);
  }
  // What the report shows: the first seed's Dalitz-plane figures (loss and reconstructions at
  // k = 5, loss at k = 6 and of the invariants) and latent snapshots.
  EXPECT_EQ(result.figures.size(), 4u);
  for (const auto& f : result.figures) EXPECT_NE(f.path.find("/seed1/"), std::string::npos) << f.path;
  ASSERT_EQ(result.snapshots.size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(dir() / result.snapshots[0].path)) << result.snapshots[0].path;
}

// --features drops a run, then --latent sets the latent dimensions of those left.
TEST_F(PhaseSpaceClaims, FeaturesSelectTheRunsThatLatentThenSets) {
  const auto* e = experiments::suite().find("phase-space");
  ASSERT_NE(e, nullptr);
  const std::map<std::string, std::string> small = {{"n", "200"}, {"n-test", "50"}, {"epochs", "1"}, {"search-starts", "1"}};
  const auto run = [&](std::map<std::string, std::string> flags) {
    flags.insert(small.begin(), small.end());
    return e->run(flags, {std::nullopt, 2, false}, dir()).results.at("config").get<experiments::PhaseSpaceConfig>();
  };
  const auto invariants = run({{"features", "invariants"}, {"latent", "3"}});
  EXPECT_TRUE(invariants.momentum_latents.empty());
  EXPECT_EQ(invariants.invariant_latents, std::vector<Index>{3});
  const auto momenta = run({{"features", "momenta"}, {"latent", "4"}});
  EXPECT_EQ(momenta.momentum_latents, std::vector<Index>{4});
  EXPECT_TRUE(momenta.invariant_latents.empty());
  const auto both = run({{"latent", "1"}, {"momentum-latent", "2"}});  // the explicit list comes later
  EXPECT_EQ(both.momentum_latents, std::vector<Index>{2});
  EXPECT_EQ(both.invariant_latents, std::vector<Index>{1});
  EXPECT_THROW(run({{"features", "jets"}}), InputError);
}

}  // namespace
}  // namespace topae::test
