// The first science of the study: on the unit circle, a latent dimension of 2 suffices,
// while with k = 1 every continuous autoencoder must tear the circle. Borsuk-Ulam: some x
// has max(|x - DE(x)|, |Ax - DE(Ax)|) >= |x - Ax| / 2 = 1 for the antipodal map A.
#include <gtest/gtest.h>

#include "topae/data/generators/circle.hpp"
#include "topae/nn/model.hpp"

namespace topae::nn {
namespace {

TrainResult train_circle(Index k, std::uint64_t seed) {
  data::CircleSpec circle;
  circle.n = 2000;
  const auto points = data::generate_circle(circle);
  AutoencoderSpec spec;
  spec.latent_dim = k;
  spec.hidden = {32, 32};
  TrainerSpec trainer;
  trainer.epochs = 300;
  trainer.seed = seed;
  TrainOptions options;
  options.progress = false;
  return train_model(points, {"x", "y"}, spec, trainer, options);
}

Scores score_test_points(const Model& model) {
  data::CircleSpec test;
  test.n = 4000;
  test.seed = 12345;  // points the network has never seen
  return model.score(data::generate_circle(test).select({"x", "y"}, "test"));
}

TEST(CircleScience, LatentTwoReconstructsTheCircle) {
  const auto result = train_circle(2, 1);
  const auto s = score_test_points(result.model);
  EXPECT_LT(s.error.mean(), 1e-3);
}

TEST(CircleScience, LatentOneLeavesAPointTornAtLeastNearlyTheRadius) {
  for (const std::uint64_t seed : {1, 2, 3}) {
    const auto result = train_circle(1, seed);
    const auto s = score_test_points(result.model);
    // The bound is 1 over the continuum; 4000 test points sample it to within 2 pi / 4000,
    // far below the 0.1 margin.
    EXPECT_GE(s.distance.maxCoeff(), 0.9) << "seed " << seed;
  }
}

}  // namespace
}  // namespace topae::nn
