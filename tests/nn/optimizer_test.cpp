// One or two optimizer steps against values computed by hand from the update rules
// (torch.optim's): p = (1, -2), gradients g1 = (0.5, -0.1) then g2 = (0.5, 0.3), lr 0.1.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
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

// The default lives in the library: a spec that leaves weight_decay unset (as `topae train`
// does without --weight-decay) steps, prints and records as torch.optim's default.
TEST(Optimizer, UnsetWeightDecayIsTheOptimizersDefault) {
  EXPECT_EQ(default_weight_decay("adamw"), 0.01);  // torch.optim.AdamW
  EXPECT_EQ(default_weight_decay("adam"), 0.0);
  EXPECT_EQ(default_weight_decay("sgd"), 0.0);
  OptimizerSpec unset;
  unset.name = "adamw";
  unset.lr = 0.1;
  EXPECT_FALSE(unset.weight_decay.has_value());
  EXPECT_EQ(unset.resolved_weight_decay(), 0.01);
  EXPECT_EQ(unset.to_json()["weight_decay"].get<double>(), 0.01);
  EXPECT_NE(unset.description().find("weight_decay=0.01"), std::string::npos) << unset.description();
  OptimizerSpec explicit_default = unset, zero = unset;
  explicit_default.weight_decay = 0.01;
  zero.weight_decay = 0.0;  // an explicit 0 is honoured, not replaced by the default
  EXPECT_EQ(zero.resolved_weight_decay(), 0.0);
  VectorXf a = vec(1, -2), b = a, c = a;
  auto first = make_optimizer(unset, 2), second = make_optimizer(explicit_default, 2), third = make_optimizer(zero, 2);
  first->step(a, vec(0.5f, -0.1f), 0.1);
  second->step(b, vec(0.5f, -0.1f), 0.1);
  third->step(c, vec(0.5f, -0.1f), 0.1);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // The record holds the resolved number, so reading it back gives the same spec's JSON.
  const auto round_trip = OptimizerSpec::from_json(unset.to_json());
  EXPECT_EQ(round_trip.weight_decay, std::optional<double>(0.01));
  EXPECT_EQ(round_trip.to_json(), unset.to_json());
  OptimizerSpec adam;
  EXPECT_EQ(adam.to_json()["weight_decay"].get<double>(), 0.0);
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

// State round trips (checkpoints): an optimizer rebuilt from its state() written as JSON text
// continues bit for bit like the one that kept running.

// Gradients with all 24 mantissa bits in use, so a state that lost precision in the text would
// show up; drawn from their own stream, one per step.
VectorXf gradient(int step, Index n) {
  RandomStream rng(99, static_cast<std::uint64_t>(step));
  VectorXf g(n);
  for (Index i = 0; i < n; ++i) g[i] = static_cast<float>(rng.normal() * 0.3);
  return g;
}

std::vector<OptimizerSpec> state_specs() {
  std::vector<OptimizerSpec> specs(5);
  specs[1].name = "adamw";
  specs[1].weight_decay = 0.01;
  specs[2].weight_decay = 0.1;  // adam with L2 on the gradient
  specs[3].name = "sgd";
  specs[3].lr = 0.05;
  specs[4].name = "sgd";
  specs[4].lr = 0.05;
  specs[4].nesterov = true;
  specs[4].weight_decay = 0.001;
  return specs;
}

TEST(OptimizerState, RestoredFromJsonTextContinuesBitForBit) {
  constexpr Index n = 37;
  for (const auto& spec : state_specs()) {
    auto running = make_optimizer(spec, n);
    VectorXf p = gradient(1000, n);
    for (int t = 0; t < 5; ++t) running->step(p, gradient(t, n), spec.lr);

    auto restored = make_optimizer(spec, n);
    restored->load_state(nlohmann::json::parse(running->state().dump()), "test");
    EXPECT_EQ(restored->steps(), 5) << spec.description();
    auto fresh = make_optimizer(spec, n);  // the control: no state, other updates
    VectorXf q = p, r = p;
    for (int t = 5; t < 10; ++t) {
      running->step(p, gradient(t, n), 0.9 * spec.lr);
      restored->step(q, gradient(t, n), 0.9 * spec.lr);
      fresh->step(r, gradient(t, n), 0.9 * spec.lr);
    }
    EXPECT_EQ(p, q) << spec.description();
    EXPECT_NE(p, r) << spec.description();
    EXPECT_EQ(running->state(), restored->state()) << spec.description();
  }
}

TEST(OptimizerState, RejectsAStateOfAnotherOptimizerOrSize) {
  const auto specs = state_specs();
  const auto adam = make_optimizer(specs[0], 4);
  VectorXf p = VectorXf::Zero(4);
  adam->step(p, gradient(0, 4), 0.1);
  const auto state = adam->state();
  EXPECT_NO_THROW(make_optimizer(specs[0], 4)->load_state(state, "ck.json"));
  EXPECT_THROW(make_optimizer(specs[0], 5)->load_state(state, "ck.json"), InputError);  // sizes
  EXPECT_THROW(make_optimizer(specs[1], 4)->load_state(state, "ck.json"), InputError);  // adamw
  EXPECT_THROW(make_optimizer(specs[3], 4)->load_state(state, "ck.json"), InputError);  // sgd
  auto bad = state;
  bad["steps"] = -1;
  EXPECT_THROW(make_optimizer(specs[0], 4)->load_state(bad, "ck.json"), InputError);
  bad = state;
  bad["v"][2] = "x";
  EXPECT_THROW(make_optimizer(specs[0], 4)->load_state(bad, "ck.json"), InputError);
  bad = state;
  bad["m"][0] = 1e300;  // not a float
  EXPECT_THROW(make_optimizer(specs[0], 4)->load_state(bad, "ck.json"), InputError);
  try {
    make_optimizer(specs[0], 5)->load_state(state, "ck.json: optimizer state");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("ck.json: optimizer state: 'm': 4 numbers, expected 5"), std::string::npos)
        << e.what();
  }
}

TEST(Optimizer, AStepInPartsIsTheStep) {
  // Trainer::step updates each thread's share of the parameters: the split must not matter.
  for (const char* name : {"adam", "adamw", "sgd"}) {
    OptimizerSpec spec;
    spec.name = name;
    spec.weight_decay = 0.01;
    auto whole = make_optimizer(spec, 101), parts = make_optimizer(spec, 101);
    RandomStream rng(3, 1);
    VectorXf a(101), g(101);
    for (Index i = 0; i < 101; ++i) a[i] = static_cast<float>(rng.normal());
    VectorXf b = a;
    for (int step = 0; step < 3; ++step) {
      for (Index i = 0; i < 101; ++i) g[i] = static_cast<float>(rng.normal());
      whole->step(a, g, 0.01);
      parts->begin_step(0.01);
      parts->update(b.data(), g.data(), 50, 101);  // any order, any split
      parts->update(b.data(), g.data(), 0, 50);
    }
    for (Index i = 0; i < 101; ++i) ASSERT_EQ(a[i], b[i]) << name << ", parameter " << i;
    EXPECT_EQ(parts->steps(), 3);
  }
}

}  // namespace
}  // namespace topae::nn
