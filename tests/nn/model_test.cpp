// Model files: save -> load -> save is byte-identical, a loaded model scores exactly as the
// trained one, and training is reproducible.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"
#include "topae/core/threads.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/nn/model.hpp"

namespace topae::nn {
namespace {

using test::read_text;

struct Fixture : test::TempDirTest {
  void SetUp() override {
    TempDirTest::SetUp();
    data::CircleSpec circle;
    circle.n = 500;
    points = data::generate_circle(circle);
  }

  TrainResult train(std::uint64_t seed, int threads, Activation a = Activation::tanh) const {
    return train_model(points, {"x", "y"}, spec(a), trainer(seed, threads), quiet());
  }

  static AutoencoderSpec spec(Activation a = Activation::tanh) {
    AutoencoderSpec spec;
    spec.latent_dim = 1;
    spec.hidden = {16, 16};
    spec.activation = a;
    return spec;
  }

  static TrainerSpec trainer(std::uint64_t seed = 1, int threads = 1) {
    TrainerSpec trainer;
    trainer.epochs = 5;
    trainer.batch = 64;
    trainer.seed = seed;
    trainer.threads = threads;
    return trainer;
  }

  static TrainOptions quiet() {
    TrainOptions options;
    options.progress = false;
    return options;
  }

  data::Dataset points;
};

TEST_F(Fixture, SaveLoadSaveIsByteIdentical) {
  for (const auto a : {Activation::tanh, Activation::gelu, Activation::leaky_relu}) {
    const auto result = train(1, 1, a);
    save_model(result.model, path("a.json"));
    save_model(load_model(path("a.json")), path("b.json"));
    const auto first = read_text(path("a.json"));
    EXPECT_FALSE(first.empty());
    EXPECT_EQ(first, read_text(path("b.json"))) << activation_name(a);
  }
}

TEST_F(Fixture, LoadedModelScoresExactlyAsTheTrainedOne) {
  const auto result = train(1, 1);
  save_model(result.model, path("m.json"));
  const auto loaded = load_model(path("m.json"));
  const Table x = points.select({"x", "y"}, "test");
  const auto a = result.model.score(x);
  const auto b = loaded.score(x);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.distance, b.distance);
  EXPECT_EQ(a.latent, b.latent);
  EXPECT_EQ(a.reconstruction, b.reconstruction);
  EXPECT_EQ(loaded.columns, (std::vector<std::string>{"x", "y"}));
}

TEST_F(Fixture, SameSeedAndThreadsGiveBitIdenticalModels) {
  for (const int threads : {1, 2}) {
    set_threads(threads);
    const auto a = train(7, threads);
    const auto b = train(7, threads);
    EXPECT_EQ(a.model.autoencoder.params(), b.model.autoencoder.params()) << threads << " threads";
    EXPECT_EQ(a.history.epochs.back().train_loss, b.history.epochs.back().train_loss);
  }
  set_threads(1);
}

TEST_F(Fixture, DifferentSeedsGiveDifferentModels) {
  const auto a = train(7, 1);
  const auto b = train(8, 1);
  EXPECT_NE(a.model.autoencoder.params(), b.model.autoencoder.params());
}

TEST_F(Fixture, OneAndTwoThreadsAgreeToRounding) {
  // The split into chunks changes the order of float additions only.
  set_threads(2);
  const auto a = train(3, 1);
  const auto b = train(3, 2);
  set_threads(1);
  EXPECT_LT((a.model.autoencoder.params() - b.model.autoencoder.params()).cwiseAbs().maxCoeff(), 1e-3f);
}

TEST_F(Fixture, ScoreErrorIsTheStandardizedSquaredDistance) {
  const auto result = train(1, 1);
  const Table x = points.select({"x", "y"}, "test");
  const auto s = result.model.score(x);
  const auto& stdz = result.model.standardizer;
  for (Index i = 0; i < 20; ++i) {
    double error = 0, distance = 0;
    for (Index j = 0; j < 2; ++j) {
      const double d = s.reconstruction(i, j) - x(i, j);
      error += (d / stdz.std()[j]) * (d / stdz.std()[j]);
      distance += d * d;
    }
    EXPECT_NEAR(s.error[i], error, 1e-5 * (1 + error));
    EXPECT_NEAR(s.distance[i], std::sqrt(distance), 1e-6);
  }
}

TEST_F(Fixture, SnapshotsAndCheckpointsAreRecorded) {
  AutoencoderSpec spec;
  spec.latent_dim = 2;
  spec.hidden = {8};
  TrainerSpec trainer;
  trainer.epochs = 6;
  TrainOptions options;
  options.progress = false;
  options.probe = points.select({"x", "y"}, "probe").topRows(10);
  options.snapshot_every = 2;
  options.checkpoint = path("checkpoint.json");
  options.checkpoint_every = 3;
  const auto result = train_model(points, {"x", "y"}, spec, trainer, options);
  ASSERT_EQ(result.snapshots.size(), 4u);  // epochs 0, 2, 4, 6
  EXPECT_EQ(result.snapshots.front().epoch, 0);
  EXPECT_EQ(result.snapshots.back().epoch, 6);
  EXPECT_EQ(result.snapshots.back().latent.rows(), 2);
  EXPECT_EQ(result.snapshots.back().latent.cols(), 10);
  const auto checkpoint = load_model(path("checkpoint.json"));
  EXPECT_EQ(checkpoint.training["checkpoint_epoch"], 6);
  EXPECT_EQ(checkpoint.autoencoder.params(), result.model.autoencoder.params());
  // The history is written by TrainingHistory alone: the model's record and the checkpoint's rows.
  const auto record = result.history.to_json();
  ASSERT_EQ(record["epochs_run"], 6);
  for (const auto& [key, value] : record.items()) EXPECT_EQ(result.model.training[key], value) << key;
  EXPECT_EQ(result.model.training["loss_history"]["train"].size(), 6u);
  const auto file = nlohmann::json::parse(read_text(path("checkpoint.json")));
  EXPECT_EQ(file["checkpoint"]["history"], result.history.epochs_json());
}

// The overload that takes the table and releases it trains the same model, on a table with
// more columns than it trains on too.
TEST_F(Fixture, TrainingOnAMovedTableIsTrainingOnTheTable) {
  data::Dataset wider = points;
  wider.columns.push_back("z");
  wider.values.conservativeResize(Eigen::NoChange, 3);
  wider.values.col(2).setLinSpaced(-1.0, 1.0);
  for (const auto& table : {points, wider}) {
    const auto kept = train_model(table, {"x", "y"}, spec(), trainer(), quiet());
    data::Dataset moved = table;
    const auto released = train_model(std::move(moved), {"x", "y"}, spec(), trainer(), quiet());
    EXPECT_EQ(moved.n_events(), 0);  // NOLINT(bugprone-use-after-move): released by design
    EXPECT_EQ(released.model.autoencoder.params(), kept.model.autoencoder.params());
    EXPECT_EQ(released.model.standardizer.mean(), kept.model.standardizer.mean());
    EXPECT_EQ(released.model.training["n_events"], kept.model.training["n_events"]);
  }
}

}  // namespace
}  // namespace topae::nn
