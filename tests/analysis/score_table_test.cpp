// The score table's column names, defined once, and what `topae score` reports of it: the
// error quantiles of thresholds.hpp, so a threshold read off the summary is the library's.
#include "topae/analysis/score_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/nn/ensemble.hpp"
#include "topae/nn/folds.hpp"

namespace topae::analysis {
namespace {

// A k = 2 autoencoder on x, y after one epoch: enough for tests of the table's shape.
nn::Model one_epoch_model(const data::Dataset& points, std::vector<Index> hidden) {
  nn::AutoencoderSpec spec;
  spec.latent_dim = 2;
  spec.hidden = std::move(hidden);
  nn::TrainerSpec trainer;
  trainer.epochs = 1;
  nn::TrainOptions options;
  options.progress = false;
  return nn::train_model(points, {"x", "y"}, spec, trainer, options).model;
}

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
  const auto model = one_epoch_model(points, {4});
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


// The streaming scorer, chunk by chunk over blocks of 1024 and a partial one, with the model's
// columns out of order in the input, a kept column and a label, writes Model::score's numbers
// (bit for bit where the blocks are the same: bench/README.md, "Tables at any size").
TEST(ModelScorer, ChunksGiveModelScoresInTheTablesColumns) {
  data::CircleSpec spec;
  spec.n = 3000;
  const auto circle = data::generate_circle(spec);
  const auto model = one_epoch_model(circle, {8, 8});

  data::Dataset input;  // y before x, an extra column, a label
  input.columns = {"extra", "y", "x"};
  input.values.resize(circle.n_events(), 3);
  input.values.col(0).setLinSpaced(0, 1);
  input.values.col(1) = circle.values.col(circle.column_index("y"));
  input.values.col(2) = circle.values.col(circle.column_index("x"));
  input.label = Eigen::VectorXi::LinSpaced(circle.n_events(), 0, 1);
  const auto expected = model.score(input.select({"x", "y"}, "input"));

  ModelScorer scorer(model, {"extra"}, "input");
  for (const Index begin : {Index{0}, Index{2500}}) {
    const Index n = begin == 0 ? 2500 : input.n_events() - 2500;  // 2 full blocks and a partial one, then 500
    const auto chunk = input.select_rows([&] {
      std::vector<Index> rows;
      for (Index i = begin; i < begin + n; ++i) rows.push_back(i);
      return rows;
    }());
    const auto& out = scorer.score(chunk);
    ASSERT_EQ(out.columns, (std::vector<std::string>{error_column, distance_column, latent_column(1),
                                                     latent_column(2), reconstruction_column("x"),
                                                     reconstruction_column("y"), "extra"}));
    ASSERT_EQ(out.n_events(), n);
    ASSERT_TRUE(out.label.has_value());
    for (Index i = 0; i < n; ++i) {
      const Index e = begin + i;
      // Float rounding may differ with the block's shape (GEMM panels), nothing more.
      const auto near = [&](Index column, double value) {
        EXPECT_NEAR(out.values(i, column), value, 1e-5 * (1 + std::abs(value))) << "event " << e << ", column " << column;
      };
      near(0, expected.error(e));
      near(1, expected.distance(e));
      for (Index j = 0; j < 2; ++j) near(2 + j, expected.latent(e, j));
      for (Index j = 0; j < 2; ++j) near(4 + j, expected.reconstruction(e, j));
      EXPECT_EQ(out.values(i, 6), input.values(e, 0));
      EXPECT_EQ((*out.label)(i), (*input.label)(e));
    }
  }
  data::Dataset missing = input;
  missing.columns = {"extra", "y", "z"};
  EXPECT_THROW(scorer.score(missing), InputError);
}

}  // namespace
}  // namespace topae::analysis
