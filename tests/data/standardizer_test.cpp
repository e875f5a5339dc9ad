#include "topae/data/standardizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "support/table_support.hpp"
#include "topae/core/error.hpp"

namespace topae::data {
namespace {

using test::contains;

TEST(StandardizerTest, FitGivesPopulationMeanAndStd) {
  // Column 0: 1..4, mean 2.5, population variance 1.25. Column 1: 10 * column 0 - 7.
  Table values{{1, 3}, {2, 13}, {3, 23}, {4, 33}};
  const Standardizer s = Standardizer::fit(values);
  ASSERT_EQ(s.dim(), 2);
  EXPECT_DOUBLE_EQ(s.mean()(0), 2.5);
  EXPECT_DOUBLE_EQ(s.std()(0), std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(s.mean()(1), 18.0);
  EXPECT_DOUBLE_EQ(s.std()(1), 10 * std::sqrt(1.25));
}

TEST(StandardizerTest, ConstantColumnGetsStdOneAndMapsToZero) {
  // 0.1 three times: the mean is not exactly 0.1, so only a min == max test catches it.
  Table values{{0.1, 1}, {0.1, 2}, {0.1, 3}};
  const Standardizer s = Standardizer::fit(values);
  EXPECT_EQ(s.std()(0), 1.0);
  const MatrixXf z = s.transform(values);
  for (Index i = 0; i < 3; ++i) EXPECT_NEAR(z(0, i), 0.0f, 1e-7f);
}

TEST(StandardizerTest, TinyAndHugeScalesNeitherUnderflowNorOverflow) {
  Table values{{1e-300, 1e300}, {3e-300, -1e300}};
  const Standardizer s = Standardizer::fit(values);
  EXPECT_DOUBLE_EQ(s.std()(0), 1e-300);
  EXPECT_DOUBLE_EQ(s.std()(1), 1e300);
}

TEST(StandardizerTest, TransformIsFeaturesByEventsWithZeroMeanUnitStd) {
  Table values{{1, 3}, {2, 13}, {3, 23}, {4, 33}};  // events x features
  const MatrixXf z = Standardizer::fit(values).transform(values);
  ASSERT_EQ(z.rows(), 2);  // features
  ASSERT_EQ(z.cols(), 4);  // events
  for (Index f = 0; f < 2; ++f) {
    EXPECT_NEAR(z.row(f).mean(), 0.0f, 1e-6f);
    EXPECT_NEAR(std::sqrt(z.row(f).array().square().mean()), 1.0f, 1e-6f);
  }
  EXPECT_NEAR(z(0, 0), -1.5 / std::sqrt(1.25), 1e-6);
}

TEST(StandardizerTest, InverseUndoesTransformToFloatPrecision) {
  Table values(50, 3);
  for (Index i = 0; i < values.rows(); ++i) {
    values(i, 0) = std::sin(0.3 * i);
    values(i, 1) = 1e4 + 37.0 * std::cos(1.7 * i);
    values(i, 2) = -1e-3 * i;
  }
  const Standardizer s = Standardizer::fit(values);
  const Eigen::MatrixXd back = s.inverse(s.transform(values));  // features x events
  for (Index i = 0; i < values.rows(); ++i) {
    for (Index f = 0; f < 3; ++f) {
      // float keeps about 7 digits of the standardized value, i.e. of (x - mean) / std.
      EXPECT_NEAR(back(f, i), values(i, f),
                  1e-6 * s.std()(f) * (1 + std::abs((values(i, f) - s.mean()(f)) / s.std()(f))));
    }
  }
}

TEST(StandardizerTest, StandardizeIsTransformInDoubleEventsByFeatures) {
  Table values{{1, 3}, {2, 13}, {3, 23}, {4, 33}};
  const Standardizer s = Standardizer::fit(values);
  const Table z = s.standardize(values);
  ASSERT_EQ(z.rows(), 4);  // events
  ASSERT_EQ(z.cols(), 2);  // features
  for (Index i = 0; i < 4; ++i) {
    for (Index f = 0; f < 2; ++f) EXPECT_DOUBLE_EQ(z(i, f), (values(i, f) - s.mean()(f)) / s.std()(f));
  }
  EXPECT_NEAR(z.col(1).mean(), 0.0, 1e-15);
  EXPECT_NEAR(z.col(1).squaredNorm() / 4, 1.0, 1e-15);
}

TEST(StandardizerTest, RejectsBadShapesAndData) {
  const Standardizer s = Standardizer::fit(Table{{1, 2}, {3, 4}});
  EXPECT_THROW(s.transform(Table{{1, 2, 3}}), InputError);
  EXPECT_THROW(s.standardize(Table{{1, 2, 3}}), InputError);
  EXPECT_THROW(s.inverse(MatrixXf::Zero(3, 5)), InputError);
  EXPECT_THROW(Standardizer::fit(Table(0, 2)), InputError);
  EXPECT_THROW(Standardizer::fit(Table{{1, std::numeric_limits<double>::quiet_NaN()}}), InputError);
}

TEST(StandardizerTest, JsonRoundTripIsExact) {
  const Standardizer s(Eigen::VectorXd{{0.1, -1.0 / 3.0, 1e-300}}, Eigen::VectorXd{{2.0 / 3.0, 1e300, 5e-324}});
  const nlohmann::json j = s.to_json();
  EXPECT_TRUE(j.contains("mean"));
  EXPECT_TRUE(j.contains("std"));
  const Standardizer back = Standardizer::from_json(nlohmann::json::parse(j.dump()), "model.json");
  EXPECT_EQ(back.mean(), s.mean());
  EXPECT_EQ(back.std(), s.std());
}

TEST(StandardizerTest, FromJsonRejectsMalformedInput) {
  const auto error = [](const char* text) -> std::string {
    try {
      Standardizer::from_json(nlohmann::json::parse(text), "model.json");
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError for " << text;
    return "";
  };
  EXPECT_TRUE(contains(error("[1, 2]"), {"model.json", "object"}));
  EXPECT_TRUE(contains(error(R"({"mean": [1]})"), {"model.json", "'std'"}));
  EXPECT_TRUE(contains(error(R"({"mean": 1, "std": [1]})"), {"model.json", "'mean'"}));
  EXPECT_TRUE(contains(error(R"({"mean": [1, 2], "std": [1]})"), {"model.json", "2 means for 1 standard deviations"}));
  EXPECT_TRUE(contains(error(R"({"mean": [1], "std": [0]})"), {"model.json", "std[0] = 0 is not positive"}));
  EXPECT_TRUE(contains(error(R"({"mean": [1], "std": [-2]})"), {"model.json", "is not positive"}));
  EXPECT_TRUE(contains(error(R"({"mean": [null], "std": [1]})"), {"model.json", "mean[0] is not a finite number"}));
  EXPECT_TRUE(contains(error(R"({"mean": [1], "std": ["1"]})"), {"model.json", "std[0] is not a finite number"}));
  // A json built in code can hold infinity, which the text form cannot.
  nlohmann::json infinite = {{"mean", {1.0}}, {"std", {std::numeric_limits<double>::infinity()}}};
  try {
    Standardizer::from_json(infinite, "model.json");
    ADD_FAILURE() << "no InputError for an infinite std";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {"model.json", "std[0] is not a finite number"}));
  }
}

}  // namespace
}  // namespace topae::data
