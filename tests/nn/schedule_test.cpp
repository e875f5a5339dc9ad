#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include <limits>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/nn/schedule.hpp"

namespace topae::nn {
namespace {

TEST(Schedule, ConstantCosineAndStep) {
  ScheduleSpec spec;
  EXPECT_DOUBLE_EQ(make_schedule(spec, 0.01, 100)->lr(57), 0.01);

  spec.name = "cosine";
  spec.min_lr = 0.001;
  const auto cosine = make_schedule(spec, 0.01, 100);
  EXPECT_DOUBLE_EQ(cosine->lr(0), 0.01);
  EXPECT_NEAR(cosine->lr(50), 0.0055, 1e-15);  // halfway: the mean of base and min
  EXPECT_NEAR(cosine->lr(25), 0.001 + 0.009 * (1 + std::cos(std::numbers::pi / 4)) / 2, 1e-15);

  spec.name = "step";
  spec.step_size = 10;
  spec.gamma = 0.5;
  const auto step = make_schedule(spec, 0.01, 100);
  EXPECT_DOUBLE_EQ(step->lr(9), 0.01);
  EXPECT_DOUBLE_EQ(step->lr(10), 0.005);
  EXPECT_DOUBLE_EQ(step->lr(35), 0.00125);
}

TEST(Schedule, PlateauDecaysAfterPatienceEpochsWithoutImprovement) {
  ScheduleSpec spec;
  spec.name = "plateau";
  spec.patience = 2;
  spec.factor = 0.5;
  spec.min_lr = 0.002;
  const auto s = make_schedule(spec, 0.01, 100);
  s->observe(1.0);  // best
  s->observe(1.0);  // 1 bad epoch
  s->observe(0.99999);  // improvement below the 1e-4 relative threshold: 2 bad epochs
  EXPECT_DOUBLE_EQ(s->lr(3), 0.01);
  s->observe(1.0);  // 3 bad epochs > patience: decay
  EXPECT_DOUBLE_EQ(s->lr(4), 0.005);
  s->observe(0.5);  // improvement resets the count
  for (int i = 0; i < 3; ++i) s->observe(0.6);
  EXPECT_DOUBLE_EQ(s->lr(8), 0.0025);
  for (int i = 0; i < 3; ++i) s->observe(0.6);
  EXPECT_DOUBLE_EQ(s->lr(11), 0.002);  // floored at min_lr
}

TEST(Schedule, RejectsUnknownNames) {
  ScheduleSpec spec;
  spec.name = "warmup";
  EXPECT_THROW(make_schedule(spec, 0.01, 10), InputError);
}

// Checkpoints: a plateau schedule rebuilt from its state() as JSON text gives the same rates
// as the one that kept running; the others keep no state.
TEST(ScheduleState, PlateauRestoredFromJsonTextContinuesExactly) {
  ScheduleSpec spec;
  spec.name = "plateau";
  spec.patience = 2;
  spec.factor = 0.3;
  spec.min_lr = 1e-5;
  // Losses with long mantissas; improvements and plateaus alternate so that the rate decays.
  const auto loss = [](int e) { return 1.0 / (1.0 + (e / 4) * 0.1) + 1e-3 / 3.0 * (e % 4); };
  const auto running = make_schedule(spec, 0.0123456789, 40);
  for (int e = 0; e < 13; ++e) running->observe(loss(e));
  ASSERT_LT(running->lr(13), 0.0123456789);  // it has decayed: there is state to carry

  const auto restored = make_schedule(spec, 0.0123456789, 40);
  restored->load_state(nlohmann::json::parse(running->state().dump()), "test");
  const auto fresh = make_schedule(spec, 0.0123456789, 40);  // the control
  bool fresh_differs = false;
  for (int e = 13; e < 40; ++e) {
    EXPECT_EQ(running->lr(e), restored->lr(e)) << "epoch " << e;
    fresh_differs = fresh_differs || fresh->lr(e) != running->lr(e);
    running->observe(loss(e));
    restored->observe(loss(e));
    fresh->observe(loss(e));
  }
  EXPECT_TRUE(fresh_differs);
  EXPECT_EQ(running->state(), restored->state());
}

TEST(ScheduleState, PlateauBestMayBeInfinite) {
  // Before any finite loss, the best is +inf: written as "inf", read back as inf.
  ScheduleSpec spec;
  spec.name = "plateau";
  const auto s = make_schedule(spec, 0.01, 10);
  s->observe(std::numeric_limits<double>::quiet_NaN());
  const auto text = s->state().dump();
  EXPECT_NE(text.find("\"inf\""), std::string::npos) << text;
  const auto restored = make_schedule(spec, 0.01, 10);
  restored->load_state(nlohmann::json::parse(text), "test");
  EXPECT_EQ(restored->state(), s->state());
}

TEST(ScheduleState, StatelessSchedulesAndBadStates) {
  ScheduleSpec spec;
  for (const char* name : {"constant", "cosine", "step"}) {
    spec.name = name;
    const auto s = make_schedule(spec, 0.01, 10);
    EXPECT_TRUE(s->state().is_null()) << name;
    EXPECT_NO_THROW(s->load_state(nullptr, "ck.json"));
    EXPECT_THROW(s->load_state({{"name", "plateau"}}, "ck.json"), InputError) << name;
  }
  spec.name = "plateau";
  spec.patience = 3;
  const auto s = make_schedule(spec, 0.01, 10);
  const nlohmann::json good = {{"name", "plateau"}, {"lr", 0.001}, {"best", 0.5}, {"bad_epochs", 3}};
  EXPECT_NO_THROW(s->load_state(good, "ck.json"));
  EXPECT_DOUBLE_EQ(s->lr(0), 0.001);
  auto bad = good;
  bad["bad_epochs"] = 4;  // more than the patience: it would have decayed
  EXPECT_THROW(s->load_state(bad, "ck.json"), InputError);
  bad = good;
  bad["lr"] = -1;
  EXPECT_THROW(s->load_state(bad, "ck.json"), InputError);
  EXPECT_THROW(s->load_state(nullptr, "ck.json"), InputError);
}

}  // namespace
}  // namespace topae::nn
