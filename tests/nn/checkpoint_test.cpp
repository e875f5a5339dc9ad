// Resumable training: a run continued from its state after any epoch (written as JSON text,
// as a checkpoint holds it) ends bit-identical to the run that never stopped, for every
// optimizer, schedule, early stopping and thread count; Ctrl-C stops it before the next batch;
// checkpoints that do not fit the data or the settings are refused with an error naming the
// file.
#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/threads.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/nn/checkpoint.hpp"
#include "topae/nn/exact_json.hpp"

namespace topae::nn {
namespace {

using test::read_text;

data::Dataset circle(std::uint64_t seed = 1, Index n = 300) {
  data::CircleSpec spec;
  spec.n = n;
  spec.seed = seed;
  spec.noise = 0.05;
  return data::generate_circle(spec);
}

MatrixXf standardized(const data::Dataset& data) {
  const Table xy = data.select({"x", "y"}, "test");
  return data::Standardizer::fit(xy).transform(xy);
}

AutoencoderSpec small_network() {
  AutoencoderSpec spec;
  spec.input_dim = 2;
  spec.latent_dim = 1;
  spec.hidden = {8, 8};
  return spec;
}

// Keeps the state and weights after epoch `at`.
struct KeepState final : Callback {
  KeepState(const Trainer& t, int at) : trainer(t), at(at) {}
  void on_epoch_end(const Network& ae, const EpochMetrics& m) override {
    if (m.epoch != at) return;
    text = trainer.state().to_json().dump();
    params = ae.params();
  }
  const Trainer& trainer;
  int at;
  std::string text;
  VectorXf params;
};

// Trains `ae` to the end of `spec`; returns the state (as read back from JSON text) and the
// weights after epoch `at`.
struct Kept {
  nlohmann::json state;
  VectorXf params;
};
Kept train_keeping(const TrainerSpec& spec, const MatrixXf& x, Autoencoder& ae, int at) {
  Trainer trainer(spec, ae);
  KeepState keep(trainer, at);
  trainer.add_callback(keep);
  trainer.fit(x);
  return {nlohmann::json::parse(keep.text), keep.params};
}

struct Case {
  const char* name;
  TrainerSpec trainer;
};

std::vector<Case> cases() {
  TrainerSpec base;
  base.epochs = 30;
  base.batch = 32;
  base.seed = 5;
  std::vector<Case> out;
  out.push_back({"adam constant", base});
  TrainerSpec t = base;
  t.optimizer.name = "adamw";
  t.optimizer.weight_decay = 0.01;
  t.optimizer.lr = 0.01;
  t.schedule.name = "plateau";
  t.schedule.patience = 1;
  t.schedule.factor = 0.5;
  t.early_stopping = 3;  // with this rate the validation loss stalls: the run stops early
  out.push_back({"adamw plateau early stopping", t});
  t = base;
  t.optimizer.name = "sgd";
  t.optimizer.lr = 0.05;
  t.optimizer.nesterov = true;
  t.schedule.name = "step";
  t.schedule.step_size = 7;
  t.schedule.gamma = 0.5;
  t.clip_norm = 0.5;
  out.push_back({"sgd nesterov step clip", t});
  t = base;
  t.schedule.name = "cosine";
  t.schedule.min_lr = 1e-4;
  t.validation_fraction = 0;
  t.threads = 2;
  // Few parallel batches: on a loaded machine every one of them waits for a core.
  t.epochs = 10;
  t.batch = 64;
  out.push_back({"adam cosine no validation 2 threads", t});
  return out;
}

TEST(Resume, ContinuingFromAnyEpochIsBitIdenticalToTheUninterruptedRun) {
  const auto data = circle();
  const MatrixXf x = standardized(data);
  bool some_stopped_early = false;
  for (const auto& c : cases()) {
    set_threads(c.trainer.threads);
    Autoencoder whole(small_network(), c.trainer.seed);
    Trainer trainer(c.trainer, whole);
    std::vector<std::unique_ptr<KeepState>> keep;
    for (const int at : {1, 4, 13, 29, 30}) {
      keep.push_back(std::make_unique<KeepState>(trainer, at));
      trainer.add_callback(*keep.back());
    }
    const auto full = trainer.fit(x);
    some_stopped_early = some_stopped_early || full.stopped_early;
    for (const auto& k : keep) {
      if (k->text.empty()) continue;  // stopped early before that epoch
      Autoencoder resumed(small_network(), 777);  // other weights: all come from the state
      resumed.params() = k->params;
      const auto state = TrainingState::from_json(nlohmann::json::parse(k->text), c.trainer, data.n_events(),
                                                  resumed.n_params(), "test");
      Trainer again(c.trainer, resumed);
      const auto rest = again.fit(x, state, "test");
      EXPECT_EQ(whole.params(), resumed.params()) << c.name << ", resumed at epoch " << k->at;
      ASSERT_EQ(full.epochs.size(), rest.epochs.size()) << c.name << " at " << k->at;
      for (std::size_t e = 0; e < full.epochs.size(); ++e) {
        EXPECT_EQ(full.epochs[e].train_loss, rest.epochs[e].train_loss) << c.name << " epoch " << e + 1;
        EXPECT_EQ(full.epochs[e].lr, rest.epochs[e].lr) << c.name << " epoch " << e + 1;
      }
      EXPECT_EQ(full.best_epoch, rest.best_epoch) << c.name;
      EXPECT_EQ(full.stopped_early, rest.stopped_early) << c.name;
      EXPECT_EQ(full.samples_seen, rest.samples_seen) << c.name;
    }
  }
  set_threads(1);
  EXPECT_TRUE(some_stopped_early) << "no case exercises a run that stopped early";
}

TEST(Resume, WithoutTheOptimizerStateTheRunDiffers) {
  // The control for the test above: the optimizer's moments matter, so a resume that lost
  // them (a fresh optimizer) ends elsewhere.
  const auto data = circle();
  const MatrixXf x = standardized(data);
  const TrainerSpec spec = cases()[0].trainer;
  Autoencoder whole(small_network(), spec.seed);
  auto [j, params] = train_keeping(spec, x, whole, 10);
  Autoencoder fresh(small_network(), spec.seed);
  j["optimizer"]["m"] = exact_json(VectorXf::Zero(fresh.n_params()).eval());
  j["optimizer"]["v"] = j["optimizer"]["m"];
  fresh.params() = params;
  Trainer again(spec, fresh);
  again.fit(x, TrainingState::from_json(j, spec, data.n_events(), fresh.n_params(), "test"), "test");
  EXPECT_NE(whole.params(), fresh.params());
}

TEST(Resume, TheTrainerRefusesAStateOfAnotherRun) {
  const auto data = circle();
  const MatrixXf x = standardized(data);
  const TrainerSpec spec = cases()[0].trainer;
  Autoencoder ae(small_network(), spec.seed);
  const auto j = train_keeping(spec, x, ae, 3).state;
  const auto state = TrainingState::from_json(j, spec, data.n_events(), ae.n_params(), "ck.json");

  // Another batch size: the optimizer's step count does not match 3 epochs of these batches.
  TrainerSpec other = spec;
  other.batch = 64;
  Autoencoder a(small_network(), 1);
  EXPECT_THROW(Trainer(other, a).fit(x, state, "ck.json"), InputError);
  // Fewer events: the samples seen do not match.
  EXPECT_THROW(Trainer(spec, a).fit(x.leftCols(200), state, "ck.json"), InputError);
  // Another optimizer.
  other = spec;
  other.optimizer.name = "sgd";
  EXPECT_THROW(Trainer(other, a).fit(x, state, "ck.json"), InputError);

  // Counts that contradict each other are refused when reading.
  auto bad = j;
  bad["epoch"] = 4;  // 3 epochs in the history
  EXPECT_THROW(TrainingState::from_json(bad, spec, data.n_events(), ae.n_params(), "ck.json"), InputError);
  bad = j;
  bad["epoch"] = 1000000;  // more than the run's epochs
  EXPECT_THROW(TrainingState::from_json(bad, spec, data.n_events(), ae.n_params(), "ck.json"), InputError);
  bad = j;
  bad["samples_seen"] = 1;
  EXPECT_THROW(TrainingState::from_json(bad, spec, data.n_events(), ae.n_params(), "ck.json"), InputError);
  bad = j;
  bad["history"][1]["train_loss"] = "0.5";
  EXPECT_THROW(TrainingState::from_json(bad, spec, data.n_events(), ae.n_params(), "ck.json"), InputError);
  bad = j;
  bad["best_params"] = {1.0, 2.0};  // early stopping is off: no best weights are kept
  EXPECT_THROW(TrainingState::from_json(bad, spec, data.n_events(), ae.n_params(), "ck.json"), InputError);
}

struct ResumeFiles : test::TempDirTest {
  TrainResult train(const data::Dataset& data, TrainerSpec trainer, const std::string& checkpoint = "",
                    const std::string& resume = "") const {
    TrainOptions options;
    options.progress = false;
    if (!checkpoint.empty()) options.checkpoint = path(checkpoint);
    options.checkpoint_every = 1;
    if (!resume.empty()) options.resume = path(resume);
    return train_model(data, {"x", "y"}, small_network(), trainer, options);
  }
  static std::string error_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_F(ResumeFiles, ACheckpointIsAModelAndResumesTheRun) {
  const auto data = circle();
  TrainerSpec spec = cases()[1].trainer;  // adamw, plateau, early stopping
  spec.early_stopping = 0;
  spec.epochs = 8;
  const auto full = train(data, spec, "ck.json");
  // The checkpoint of the finished run: a model that scores, and a run that resumes to the
  // same model without training.
  const auto as_model = load_model(path("ck.json"));
  EXPECT_EQ(as_model.training["checkpoint_epoch"], 8);
  const auto ck = load_checkpoint(path("ck.json"));
  EXPECT_EQ(ck.state.epoch, 8);
  EXPECT_EQ(ck.data.n_events, 300);
  const auto again = train(data, spec, "", "ck.json");
  EXPECT_EQ(again.resumed_at, 8);
  EXPECT_EQ(again.model.autoencoder.params(), full.model.autoencoder.params());
  auto strip = [](nlohmann::json t) {
    t.erase("train_seconds");
    t.erase("samples_per_second");
    return t;
  };
  EXPECT_EQ(strip(again.model.training), strip(full.model.training));

  // Extended to 12 epochs, it is the 12-epoch run (the plateau schedule does not depend on
  // the total).
  TrainerSpec longer = spec;
  longer.epochs = 12;
  const auto extended = train(data, longer, "", "ck.json");
  const auto straight = train(data, longer);
  EXPECT_EQ(extended.model.autoencoder.params(), straight.model.autoencoder.params());
  EXPECT_EQ(strip(extended.model.training), strip(straight.model.training));
}

TEST_F(ResumeFiles, CtrlCStopsBeforeTheNextBatchAndTheLastCheckpointResumes) {
  install_interrupt_handlers();  // SIGINT only sets the flag that the batch loop checks
  const auto data = circle();
  TrainerSpec spec = cases()[2].trainer;  // sgd, step schedule
  spec.epochs = 10;
  TrainOptions options;
  options.progress = false;
  options.checkpoint = path("ck.json");
  options.checkpoint_every = 1;
  int epochs_seen = 0;
  options.on_epoch = [&](const EpochMetrics& m) {
    epochs_seen = m.epoch;
    if (m.epoch == 4) std::raise(SIGINT);  // after the checkpoint of epoch 4
  };
  EXPECT_THROW(train_model(data, {"x", "y"}, small_network(), spec, options), Interrupted);
  clear_interrupt();
  EXPECT_EQ(epochs_seen, 4);  // no batch of epoch 5 ran to its end
  EXPECT_EQ(load_checkpoint(path("ck.json")).state.epoch, 4);
  const auto resumed = train(data, spec, "", "ck.json");
  const auto straight = train(data, spec);
  EXPECT_EQ(resumed.model.autoencoder.params(), straight.model.autoencoder.params());
}

TEST_F(ResumeFiles, MismatchesAreRefusedNamingTheFileAndTheSetting) {
  const auto data = circle();
  TrainerSpec spec = cases()[0].trainer;
  spec.epochs = 4;
  train(data, spec, "ck.json");
  const auto ck = path("ck.json").string();

  TrainerSpec other = spec;
  other.optimizer.lr = 0.01;
  auto e = error_of([&] { train(data, other, "", "ck.json"); });
  EXPECT_EQ(e.rfind(ck + ": trainer setting 'optimizer.lr' is 0.01 here but 0.001 in the checkpoint", 0), 0u) << e;

  e = error_of([&] { train(circle(2), spec, "", "ck.json"); });
  EXPECT_EQ(e.rfind(ck + ": the checkpoint was trained on other data", 0), 0u) << e;
  e = error_of([&] { train(circle(1, 299), spec, "", "ck.json"); });
  EXPECT_EQ(e.rfind(ck + ": the checkpoint was trained on 300 events, the data have 299", 0), 0u) << e;

  other = spec;
  other.epochs = 3;  // fewer than already run
  e = error_of([&] { train(data, other, "", "ck.json"); });
  EXPECT_NE(e.find("already run 4 epochs"), std::string::npos) << e;

  // A cosine run cannot be extended: its rates depend on the total.
  TrainerSpec cosine = spec;
  cosine.schedule.name = "cosine";
  train(data, cosine, "cosine.json");
  cosine.epochs = 6;
  e = error_of([&] { train(data, cosine, "", "cosine.json"); });
  EXPECT_NE(e.find("cosine"), std::string::npos) << e;

  // Not a checkpoint: the final model file.
  auto m = nlohmann::json::parse(read_text(path("ck.json")));
  m.erase("checkpoint");
  test::write_text(path("model.json"), m.dump());
  e = error_of([&] { train(data, spec, "", "model.json"); });
  EXPECT_EQ(e.rfind(path("model.json").string() + ": not a checkpoint", 0), 0u) << e;

  // Truncated, and a moment vector one short.
  const auto text = read_text(path("ck.json"));
  test::write_text(path("cut.json"), text.substr(0, text.size() / 2));
  e = error_of([&] { train(data, spec, "", "cut.json"); });
  EXPECT_EQ(e.rfind(path("cut.json").string() + ": not valid JSON", 0), 0u) << e;
  auto j = nlohmann::json::parse(text);
  j["checkpoint"]["optimizer"]["v"].erase(0);
  test::write_text(path("short.json"), j.dump());
  e = error_of([&] { train(data, spec, "", "short.json"); });
  EXPECT_NE(e.find(path("short.json").string() + ": optimizer state: 'v'"), std::string::npos) << e;
}

}  // namespace
}  // namespace topae::nn
