#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

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

}  // namespace
}  // namespace topae::nn
