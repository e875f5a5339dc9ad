// The score table's column names, defined once, and what `topae score` reports of it: the
// error quantiles of thresholds.hpp, so a threshold read off the summary is the library's.
#include "topae/analysis/score_table.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"

namespace topae::analysis {
namespace {

TEST(ScoreColumns, NamesAreZIAndRecColumn) {
  EXPECT_EQ(latent_column(1), "z_1");
  EXPECT_EQ(latent_column(12), "z_12");
  EXPECT_EQ(latent_columns(3), (std::vector<std::string>{"z_1", "z_2", "z_3"}));
  EXPECT_TRUE(latent_columns(0).empty());
  EXPECT_EQ(reconstruction_column("x"), "rec_x");
  EXPECT_STREQ(error_column, "error");
  EXPECT_STREQ(distance_column, "distance");
}

TEST(ScoreTable, ColumnsComeFromTheNamingFunctions) {
  data::CircleSpec circle;
  circle.n = 200;
  const auto points = data::generate_circle(circle);
  nn::AutoencoderSpec spec;
  spec.latent_dim = 2;
  spec.hidden = {4};
  nn::TrainerSpec trainer;
  trainer.epochs = 1;
  nn::TrainOptions options;
  options.progress = false;
  const auto model = nn::train_model(points, {"x", "y"}, spec, trainer, options).model;
  const auto scores = score_table(model, points, {}, "circle");
  std::vector<std::string> expected = {error_column, distance_column};
  for (const auto& z : latent_columns(2)) expected.push_back(z);
  expected.push_back(reconstruction_column("x"));
  expected.push_back(reconstruction_column("y"));
  expected.push_back("theta");  // the truth column is carried
  EXPECT_EQ(scores.columns, expected);
}

// Ten errors, where the inverted CDF (v_(ceil(p n))) and the old floor(p (n - 1)) index differ at 99 %.
data::Dataset ten_scores() {
  data::Dataset d;
  d.columns = {error_column, distance_column};
  d.values.resize(10, 2);
  const double errors[] = {0.7, 0.1, 0.9, 0.3, 0.5, 0.2, 1.5, 0.4, 0.8, 0.6};
  for (Index i = 0; i < 10; ++i) {
    d.values(i, 0) = errors[i];
    d.values(i, 1) = 2 * errors[i];
  }
  return d;
}

TEST(ScoreSummary, QuantilesAreTheThresholdModules) {
  const auto d = ten_scores();
  const auto s = summarize_scores(d, "scores.csv");
  const Eigen::VectorXd error = d.values.col(0);
  EXPECT_EQ(s.error.n, 10);
  EXPECT_EQ(s.error.p50, quantile(error, 0.5));
  EXPECT_EQ(s.error.p99, quantile(error, 0.99));
  EXPECT_EQ(s.error.p99, threshold_for_fraction(error, 0.01).value);
  EXPECT_EQ(s.error.p99, 1.5);  // v_(10); floor(0.99 * 9) would pick v_(9) = 0.9
  EXPECT_EQ(s.error.p50, 0.5);  // v_(5)
  EXPECT_EQ(s.error.max, 1.5);
  EXPECT_EQ(s.max_distance, 3.0);
}

TEST(ScoreSummary, ATableWithoutTheScoreColumnsIsBadInput) {
  auto d = ten_scores();
  d.columns = {"a", "b"};
  try {
    summarize_scores(d, "other.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("other.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'error'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace topae::analysis
