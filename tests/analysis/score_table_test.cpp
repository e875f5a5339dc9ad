// The score table's column names, defined once, and what `topae score` reports of it: the
// error quantiles of thresholds.hpp, so a threshold read off the summary is the library's.
#include "topae/analysis/score_table.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/nn/ensemble.hpp"
#include "topae/nn/folds.hpp"

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

namespace topae::analysis {
namespace {

// Out-of-fold: event i by the member of its fold, which trained without it; any other table:
// event i by member i mod K. Both against each member's own scores.
TEST(ScoreTable, EnsembleMembersScoreTheEventsTheyShould) {
  data::CircleSpec spec;
  spec.n = 90;
  spec.seed = 3;
  const auto data = data::generate_circle(spec);
  const std::vector<std::string> columns = {"x", "y"};
  nn::AutoencoderSpec ae;
  ae.latent_dim = 1;
  ae.hidden = {4};
  nn::TrainerSpec trainer;
  trainer.epochs = 2;
  nn::TrainOptions options;
  options.progress = false;
  const auto folds = nn::Folds::of(data.select(columns, "data"), columns, 3, 5);
  const auto e = nn::train_folds(data, columns, ae, trainer, {5, 6, 7}, folds, options, 1);
  const auto check = [&](const data::Dataset& table, const data::Dataset& input, const std::vector<int>& member) {
    const Eigen::VectorXd error = table.values.col(table.column_index(error_column));
    const Eigen::VectorXd fold = table.values.col(table.column_index(fold_column));
    for (std::size_t f = 0; f < 3; ++f) {
      const auto own = e.members[f].score(input.select(columns, "input"));
      for (Index i = 0; i < input.n_events(); ++i) {
        if (member[static_cast<std::size_t>(i)] != static_cast<int>(f)) continue;
        EXPECT_EQ(fold[i], static_cast<double>(f));
        // Float rounding differs with the batch's shape; another member would differ in the first digit.
        EXPECT_NEAR(error[i], own.error[i], 1e-5 * own.error[i]) << "event " << i;
      }
    }
  };
  check(out_of_fold_score_table(e, data, {}, "data"), data, folds.fold_of_rows());
  spec.seed = 4;
  const auto other = data::generate_circle(spec);
  std::vector<int> by_row;
  for (Index i = 0; i < other.n_events(); ++i) by_row.push_back(static_cast<int>(i % 3));
  check(member_per_row_score_table(e, other, {}, "other"), other, by_row);
  EXPECT_THROW(out_of_fold_score_table(e, other, {}, "other"), InputError);  // not the table the folds split
}

}  // namespace
}  // namespace topae::analysis
