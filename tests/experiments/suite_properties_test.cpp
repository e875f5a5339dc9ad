// The low-dimensional suite's expected properties (docs/experiments.md), each on fixed seeds at
// the suite's quick settings. These are the study's claims: if one fails for an honest
// reason, the finding goes into the issue, not a looser bound.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "support/temp_dir.hpp"
#include "topae/core/threads.hpp"
#include "topae/experiments/bump_hunt.hpp"
#include "topae/experiments/circle.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/phase_space.hpp"
#include "topae/experiments/surfaces.hpp"

namespace topae::experiments {
namespace {

class SuiteProperties : public test::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    set_threads(2);  // independent trainings, one per thread: results do not depend on it
  }
  static TrainingConfig quick(int seeds = 1) {
    TrainingConfig t;
    t.n = 2000;
    t.epochs = 300;
    t.seeds = seeds;
    t.progress = false;
    return t;
  }
};

TEST_F(SuiteProperties, CircleLatentOneTearsEverySeedAtSeedDependentPlaces) {
  CircleConfig config;
  config.training = quick(8);
  config.latents = {1};
  const auto r = run_circle(config, dir());
  for (const auto& run : r["runs"]) {
    SCOPED_TRACE(run["seed"].dump());
    EXPECT_GE(run["max_distance"].get<double>(), 0.95);
    const auto& pair = run["borsuk_ulam_refined"];
    EXPECT_GE(pair["bound"].get<double>(), 0.9);
    // The certificate is a proof: one of the pair's actual errors reaches the bound.
    EXPECT_GE(std::max(pair["error"].get<double>(), pair["image_error"].get<double>()) + 1e-9,
              pair["bound"].get<double>());
  }
  const double arc = r["by_latent"]["1"]["seam_spread"]["containing_arc"].get<double>();
  EXPECT_GT(arc, 30 * std::numbers::pi / 180) << "the seams of 8 seeds all lie within 30 degrees";
}

TEST_F(SuiteProperties, CircleLatentTwoReconstructsEverywhereWithWindingOne) {
  CircleConfig config;
  config.training = quick();
  config.latents = {2};
  const auto r = run_circle(config, dir());
  const auto& run = r["runs"][0];
  EXPECT_LT(run["max_distance"].get<double>(), 0.1);
  EXPECT_EQ(std::abs(run["winding_number"]["winding"].get<int>()), 1);
}

TEST_F(SuiteProperties, SphereTearsAtKTwoWithACertificateAndNotAtKThree) {
  SphereConfig config;
  config.training = quick();
  const auto r = run_sphere(config, dir());
  for (const auto& run : r["runs"]) {
    if (run["latent"] == 2) {
      EXPECT_GE(run["borsuk_ulam_refined"]["bound"].get<double>(), 0.9);
      EXPECT_GE(run["max_distance"].get<double>(), 0.95);
    } else {
      EXPECT_LT(run["max_distance"].get<double>(), 0.15);
    }
  }
}

TEST_F(SuiteProperties, PhaseSpaceMomentaAtKFiveMeetTheParityFloorAndInvariantsFailAtTheCorners) {
  PhaseSpaceConfig config;
  config.training = quick(2);
  config.momentum_latents = {5};
  const auto r = run_phase_space(config, dir());
  ASSERT_EQ(r["runs"].size(), 4u);
  for (const auto& run : r["runs"]) {
    if (run["features"] == "momenta") {
      // Borsuk-Ulam on S^5 -> R^5: the search finds a pair with (nearly) equal codes, and
      // its bound reaches the floor min |x - Ax| / 2 (the pair's own separation may exceed it).
      const auto& bu = run["borsuk_ulam"];
      EXPECT_GE(bu["bound_over_floor"].get<double>(), 0.9) << run.dump();
    } else {
      // The study's figure: the loss is highest at the corners (the soft limits).
      const auto& corner = run["worst"]["corner"];
      EXPECT_GE(corner["share_of_worst"].get<double>(), 10 * corner["share_of_all"].get<double>()) << run.dump();
    }
  }
}

TEST_F(SuiteProperties, BumpHuntResonanceIsInvisibleToTheErrorWhileTheOffManifoldContrastIsCaught) {
  BumpHuntConfig config;
  config.training = quick(2);
  config.pseudo_experiments = 100;
  const auto r = run_bump_hunt(config, dir());
  ASSERT_EQ(r["runs"].size(), 4u);  // trained on data and on background, 2 seeds each
  const double n_background = static_cast<double>(config.events) * (1 - config.signal_fraction);
  for (const auto& run : r["runs"]) {
    // The study's result: the resonance lies on the background manifold; the contrast does not.
    EXPECT_GT(run["auc_resonance"].get<double>(), 0.35) << run.dump();
    EXPECT_LT(run["auc_resonance"].get<double>(), 0.65) << run.dump();
    EXPECT_GE(run["auc_contrast"].get<double>(), 0.9) << run.dump();
    const auto& cuts = run["cuts"];
    const double before = cuts[0]["local_z"].get<double>();
    for (std::size_t c = 1; c < cuts.size(); ++c) {
      // No cut on the error raises the bump's significance by more than one sigma.
      if (cuts[c].contains("local_z")) {
        EXPECT_LT(cuts[c]["local_z"].get<double>(), before + 1.0) << cuts[c].dump();
      }
    }
    // The cut keeping 10 % sculpts the background: its Jensen-Shannon divergence from the
    // uncut shape is more than 3 times what a random 10 % would give, (bins - 1) / (8 ln 2)
    // (1 / n_kept - 1 / n) for small differences.
    const auto& q90 = cuts[2];
    ASSERT_EQ(q90["cut"], "q0.9");
    const double kept = q90["background_efficiency"].get<double>() * n_background;
    const double noise = (config.bins - 1) / (8 * std::log(2.0)) * (1 / kept - 1 / n_background);
    EXPECT_GT(q90["background_sculpting_jsd"].get<double>(), 3 * noise) << q90.dump();
  }
}

TEST_F(SuiteProperties, ParaboloidHoleIsMissedWhileOffSurfacePointsAreCaught) {
  GapConfig config;
  config.training = quick();
  const auto r = run_gap(config, dir());
  const auto& run = r["paraboloid"]["runs"][0];
  EXPECT_LT(run["flagged_centre"].get<double>(), 0.5);
  EXPECT_GT(run["flagged_off"].get<double>(), 0.95);
}

TEST_F(SuiteProperties, TorusErrorAtKTwoIsFiveTimesThatAtKThree) {
  TorusConfig config;
  config.training = quick();
  const auto r = run_torus(config, dir());
  EXPECT_GE(r["max_error_ratio_k2_over_k3"].get<double>(), 5.0);
}

}  // namespace
}  // namespace topae::experiments
