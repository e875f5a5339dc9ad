// One or two optimizer steps against values computed by hand from the update rules
// (torch.optim's): p = (1, -2), gradients g1 = (0.5, -0.1) then g2 = (0.5, 0.3), lr 0.1.
#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/nn/optimizer.hpp"

namespace topae::nn {
namespace {

VectorXf vec(float a, float b) { return (VectorXf(2) << a, b).finished(); }

// Float arithmetic: agreement to a few float ulps of the values.
constexpr double kTol = 2e-6;

TEST(Optimizer, AdamTwoStepsByHand) {
  OptimizerSpec spec;
  spec.lr = 0.1;
  auto adam = make_optimizer(spec, 2);
  VectorXf p = vec(1, -2);
  // Step 1: m_hat = g, v_hat = g^2, so p -= lr g / (|g| + eps) = lr sign(g) (to 1e-8).
  adam->step(p, vec(0.5f, -0.1f), spec.lr);
  EXPECT_NEAR(p[0], 0.9, kTol);
  EXPECT_NEAR(p[1], -1.9, kTol);
  // Step 2, first coordinate: m = 0.095, v = 0.00049975, m_hat = 0.095 / 0.19 = 0.5,
  // v_hat = 0.00049975 / 0.001999 = 0.25: p -= 0.1 * 0.5 / 0.5.
  // Second: m = 0.021, v = 0.00009999, m_hat = 0.1105263, v_hat = 0.0500200:
  // p -= 0.1 * 0.1105263 / 0.2236515 = 0.0494190.
  adam->step(p, vec(0.5f, 0.3f), spec.lr);
  EXPECT_NEAR(p[0], 0.8, kTol);
  EXPECT_NEAR(p[1], -1.9494190, kTol);
  EXPECT_EQ(adam->steps(), 2);
}

TEST(Optimizer, AdamWDecaysTheWeightsBeforeTheAdamStep) {
  OptimizerSpec spec;
  spec.name = "adamw";
  spec.lr = 0.1;
  spec.weight_decay = 0.1;
  auto adamw = make_optimizer(spec, 2);
  VectorXf p = vec(1, -2);
  // p *= 1 - lr wd = 0.99, then the Adam step of -lr sign(g).
  adamw->step(p, vec(0.5f, -0.1f), spec.lr);
  EXPECT_NEAR(p[0], 0.99 - 0.1, kTol);
  EXPECT_NEAR(p[1], -1.98 + 0.1, kTol);
}

TEST(Optimizer, AdamWeightDecayIsAddedToTheGradient) {
  OptimizerSpec spec;
  spec.lr = 0.1;
  spec.weight_decay = 1.0;
  auto adam = make_optimizer(spec, 2);
  VectorXf p = vec(1, -2);
  // g + wd p = (1.5, -2.1): the first step is still lr sign(g + wd p).
  adam->step(p, vec(0.5f, -0.1f), spec.lr);
  EXPECT_NEAR(p[0], 0.9, kTol);
  EXPECT_NEAR(p[1], -1.9, kTol);
}

TEST(Optimizer, SgdWithMomentumTwoStepsByHand) {
  OptimizerSpec spec;
  spec.name = "sgd";
  spec.lr = 0.1;
  spec.momentum = 0.9;
  auto sgd = make_optimizer(spec, 2);
  VectorXf p = vec(1, -2);
  // buf = g1 = (0.5, -0.1); p -= 0.1 buf.
  sgd->step(p, vec(0.5f, -0.1f), spec.lr);
  EXPECT_NEAR(p[0], 0.95, kTol);
  EXPECT_NEAR(p[1], -1.99, kTol);
  // buf = 0.9 (0.5, -0.1) + (0.5, 0.3) = (0.95, 0.21); p -= 0.1 buf.
  sgd->step(p, vec(0.5f, 0.3f), spec.lr);
  EXPECT_NEAR(p[0], 0.855, kTol);
  EXPECT_NEAR(p[1], -2.011, kTol);
}

TEST(Optimizer, SgdNesterovAndWeightDecay) {
  OptimizerSpec spec;
  spec.name = "sgd";
  spec.lr = 0.1;
  spec.momentum = 0.9;
  spec.nesterov = true;
  spec.weight_decay = 0.2;
  auto sgd = make_optimizer(spec, 2);
  VectorXf p = vec(1, -2);
  // g = g1 + 0.2 p = (0.7, -0.5); buf = g; step direction g + 0.9 buf = 1.9 g.
  sgd->step(p, vec(0.5f, -0.1f), spec.lr);
  EXPECT_NEAR(p[0], 1 - 0.1 * 1.9 * 0.7, kTol);
  EXPECT_NEAR(p[1], -2 + 0.1 * 1.9 * 0.5, kTol);
}

TEST(Optimizer, RejectsBadSettings) {
  OptimizerSpec spec;
  spec.name = "lbfgs";
  EXPECT_THROW(make_optimizer(spec, 2), InputError);
  spec = {};
  spec.lr = -1;
  EXPECT_THROW(make_optimizer(spec, 2), InputError);
  spec = {};
  spec.beta2 = 1.0;
  EXPECT_THROW(make_optimizer(spec, 2), InputError);
}

}  // namespace
}  // namespace topae::nn
