#include "topae/nn/trainer.hpp"

#include <omp.h>

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>

#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/rng.hpp"
#include "topae/core/stopwatch.hpp"
#include "topae/nn/exact_json.hpp"

namespace topae::nn {

namespace {

// Random streams of a training run, all keyed by the run's seed. Initialisation uses streams
// 0..(number of layers); these sit far above.
constexpr std::uint64_t kSplitStream = 1ull << 40;
constexpr std::uint64_t kShuffleStream = 1ull << 41;  // + epoch

void shuffle(std::vector<Index>& v, RandomStream& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace

void TrainerSpec::validate() const {
  if (epochs < 1) throw InputError(fmt::format("epochs must be at least 1, got {}", epochs));
  if (batch < 1) throw InputError(fmt::format("batch size must be at least 1, got {}", batch));
  if (!(validation_fraction >= 0 && validation_fraction < 1))
    throw InputError(fmt::format("validation fraction must lie in [0, 1), got {}", validation_fraction));
  if (early_stopping < 0) throw InputError(fmt::format("early-stopping patience must be >= 0, got {}", early_stopping));
  if (!(clip_norm >= 0)) throw InputError(fmt::format("clip norm must be >= 0, got {}", clip_norm));
  if (threads < 1) throw InputError(fmt::format("threads must be at least 1, got {}", threads));
  optimizer.validate();
  schedule.validate();
}

std::string TrainerSpec::description() const {
  return fmt::format("{} epochs, batch {}, {}, schedule {}, validation {}, seed {}, {} thread{}", epochs, batch,
                     optimizer.description(), schedule.description(), validation_fraction, seed, threads,
                     threads == 1 ? "" : "s");
}

nlohmann::json TrainerSpec::to_json() const {
  return {{"epochs", epochs},
          {"batch", batch},
          {"validation_fraction", validation_fraction},
          {"early_stopping", early_stopping},
          {"clip_norm", clip_norm},
          {"seed", seed},
          {"threads", threads},
          {"optimizer", optimizer.to_json()},
          {"schedule", schedule.to_json()}};
}

TrainerSpec TrainerSpec::from_json(const nlohmann::json& j) {
  TrainerSpec s;
  s.epochs = j.value("epochs", s.epochs);
  s.batch = j.value("batch", s.batch);
  s.validation_fraction = j.value("validation_fraction", s.validation_fraction);
  s.early_stopping = j.value("early_stopping", s.early_stopping);
  s.clip_norm = j.value("clip_norm", s.clip_norm);
  s.seed = j.value("seed", s.seed);
  s.threads = j.value("threads", s.threads);
  if (j.contains("optimizer")) s.optimizer = OptimizerSpec::from_json(j["optimizer"]);
  if (j.contains("schedule")) s.schedule = ScheduleSpec::from_json(j["schedule"]);
  return s;
}

nlohmann::json TrainingHistory::epochs_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& m : epochs)
    rows.push_back({{"epoch", m.epoch},
                    {"train_loss", exact_json(m.train_loss)},
                    {"validation_loss", exact_json(m.validation_loss)},
                    {"lr", exact_json(m.lr)},
                    {"seconds", m.seconds}});
  return rows;
}

nlohmann::json TrainingHistory::to_json() const {
  if (epochs.empty()) return nlohmann::json::object();
  const auto& last = epochs.back();
  std::vector<double> train_loss, validation_loss;
  for (const auto& m : epochs) {
    train_loss.push_back(m.train_loss);
    if (!std::isnan(m.validation_loss)) validation_loss.push_back(m.validation_loss);
  }
  return {{"epochs_run", epochs.size()},
          {"best_epoch", best_epoch},
          {"stopped_early", stopped_early},
          {"final_train_loss", last.train_loss},
          {"final_validation_loss",
           std::isnan(last.validation_loss) ? nlohmann::json() : nlohmann::json(last.validation_loss)},
          {"train_seconds", train_seconds},
          {"samples_per_second", samples_per_second()},
          {"loss_history", {{"train", train_loss}, {"validation", validation_loss}}}};
}

Index validation_size(Index n_events, double validation_fraction) {
  return static_cast<Index>(std::llround(validation_fraction * static_cast<double>(n_events)));
}

nlohmann::json TrainingState::to_json() const {
  return {{"epoch", epoch},
          {"history", history.epochs_json()},
          {"best_epoch", history.best_epoch},
          {"best_loss", exact_json(best_loss)},
          {"epochs_since_best", epochs_since_best},
          {"stopped_early", history.stopped_early},
          {"best_params", best_params.size() > 0 ? exact_json(best_params) : nlohmann::json()},
          {"train_seconds", history.train_seconds},
          {"samples_seen", history.samples_seen},
          {"optimizer", optimizer},
          {"schedule", schedule}};
}

TrainingState TrainingState::from_json(const nlohmann::json& j, const TrainerSpec& spec, Index n_events,
                                       Index n_params, const std::string& where) {
  if (!j.is_object()) throw InputError(where + ": the checkpoint state must be an object");
  TrainingState s;
  s.epoch = static_cast<int>(integer_in(j, "epoch", 1, spec.epochs, where));
  const auto& epochs = member(j, "history");
  if (!epochs.is_array() || static_cast<Index>(epochs.size()) != s.epoch)
    throw InputError(fmt::format("{}: 'history' must list the {} epochs run", where, s.epoch));
  s.history.epochs.reserve(static_cast<std::size_t>(s.epoch));
  for (int e = 0; e < s.epoch; ++e) {
    const auto& row = epochs[static_cast<std::size_t>(e)];
    const auto at = fmt::format("{}: history epoch {}", where, e + 1);
    EpochMetrics m;
    m.epoch = static_cast<int>(integer_in(row, "epoch", e + 1, e + 1, at));
    m.train_loss = exact_double(member(row, "train_loss"), at + ": 'train_loss'");
    m.validation_loss = exact_double(member(row, "validation_loss"), at + ": 'validation_loss'");
    m.lr = exact_double(member(row, "lr"), at + ": 'lr'");
    m.seconds = exact_double(member(row, "seconds"), at + ": 'seconds'");
    s.history.epochs.push_back(m);
  }
  s.history.best_epoch = static_cast<int>(integer_in(j, "best_epoch", 0, s.epoch, where));
  s.best_loss = exact_double(member(j, "best_loss"), where + ": 'best_loss'");
  const auto& stopped = member(j, "stopped_early");
  if (!stopped.is_boolean()) throw InputError(where + ": 'stopped_early' must be true or false");
  s.history.stopped_early = stopped.get<bool>();
  if (s.history.stopped_early && spec.early_stopping == 0)
    throw InputError(where + ": 'stopped_early' is true but early stopping is off");
  // The count reaches the patience only in the epoch that stops the run.
  const int max_since = spec.early_stopping == 0 ? 0 : spec.early_stopping - (s.history.stopped_early ? 0 : 1);
  s.epochs_since_best = static_cast<int>(integer_in(j, "epochs_since_best", 0, max_since, where));
  const auto& best = member(j, "best_params");
  if (spec.early_stopping > 0 && s.history.best_epoch > 0)
    s.best_params = exact_floats(best, n_params, where + ": 'best_params'");
  else if (!best.is_null())
    throw InputError(where + ": 'best_params' must be null: only early stopping keeps them, once a best epoch exists");
  s.history.train_seconds = exact_double(member(j, "train_seconds"), where + ": 'train_seconds'");
  const Index n_train = n_events - validation_size(n_events, spec.validation_fraction);
  s.history.samples_seen = integer_in(j, "samples_seen", Index{s.epoch} * n_train, Index{s.epoch} * n_train, where);
  s.optimizer = member(j, "optimizer");
  s.schedule = member(j, "schedule");
  return s;
}

Trainer::Trainer(TrainerSpec spec, Network& network) : spec_(std::move(spec)), net_(network) {
  spec_.validate();
}

TrainingHistory Trainer::fit(const MatrixXf& x) { return run(x, nullptr, {}); }

TrainingHistory Trainer::fit(const MatrixXf& x, const TrainingState& from, const std::string& source) {
  return run(x, &from, source);
}

TrainingState Trainer::state() const {
  TrainingState s = state_;
  if (optimizer_) s.optimizer = optimizer_->state();
  if (schedule_) s.schedule = schedule_->state();
  return s;
}

TrainingHistory Trainer::run(const MatrixXf& x, const TrainingState* from, const std::string& source) {
  if (x.rows() != net_.data_rows())
    throw InputError(fmt::format("training data has {} rows but the network expects {}", x.rows(), net_.data_rows()));
  const Index n = x.cols();
  const Index n_validation = validation_size(n, spec_.validation_fraction);
  const Index n_train = n - n_validation;
  if (n_train < 1) throw InputError(fmt::format("no training events left after the validation split of {}", n));
  const Index batches_per_epoch = (n_train + spec_.batch - 1) / spec_.batch;

  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  RandomStream split_rng(spec_.seed, kSplitStream);
  shuffle(order, split_rng);
  std::vector<Index> train(order.begin(), order.begin() + n_train);
  MatrixXf validation(x.rows(), n_validation);
  for (Index i = 0; i < n_validation; ++i) validation.col(i) = x.col(order[static_cast<std::size_t>(n_train + i)]);

  optimizer_ = make_optimizer(spec_.optimizer, net_.n_params());
  schedule_ = make_schedule(spec_.schedule, spec_.optimizer.lr, spec_.epochs);
  state_ = TrainingState{};
  if (from) {
    if (from->epoch < 1 || from->epoch > spec_.epochs)
      throw InputError(fmt::format("{}: the checkpoint is at epoch {}, outside this run's 1..{}", source, from->epoch,
                                   spec_.epochs));
    if (static_cast<Index>(from->history.epochs.size()) != from->epoch ||
        from->history.samples_seen != Index{from->epoch} * n_train)
      throw InputError(fmt::format("{}: the checkpoint's history does not match {} epochs of {} training events",
                                   source, from->epoch, n_train));
    if (from->best_params.size() != 0 && from->best_params.size() != net_.n_params())
      throw InputError(fmt::format("{}: 'best_params' has {} numbers but the network has {} parameters", source,
                                   from->best_params.size(), net_.n_params()));
    optimizer_->load_state(from->optimizer, source + ": optimizer state");
    if (optimizer_->steps() != Index{from->epoch} * batches_per_epoch)
      throw InputError(fmt::format("{}: the optimizer has taken {} steps, but {} epochs of {} batches are {}", source,
                                   optimizer_->steps(), from->epoch, batches_per_epoch,
                                   Index{from->epoch} * batches_per_epoch));
    schedule_->load_state(from->schedule, source + ": schedule state");
    state_ = *from;
    state_.optimizer = nullptr;
    state_.schedule = nullptr;
    // The order the shuffles of the epochs run have left.
    for (int epoch = 0; epoch < state_.epoch; ++epoch) {
      RandomStream shuffle_rng(spec_.seed, kShuffleStream + static_cast<std::uint64_t>(epoch));
      shuffle(train, shuffle_rng);
    }
  }
  workspaces_.resize(static_cast<std::size_t>(spec_.threads));
  chunks_.resize(static_cast<std::size_t>(spec_.threads));
  for (auto* cb : callbacks_) cb->on_train_begin(net_, spec_);

  TrainingHistory& history = state_.history;
  while (!state_.finished(spec_)) {
    const int epoch = state_.epoch;
    const Stopwatch clock;
    EpochMetrics m;
    m.epoch = epoch + 1;
    m.lr = schedule_->lr(epoch);
    RandomStream shuffle_rng(spec_.seed, kShuffleStream + static_cast<std::uint64_t>(epoch));
    shuffle(train, shuffle_rng);

    double sum_error = 0;
    for (Index begin = 0; begin < n_train; begin += spec_.batch) {
      throw_if_interrupted();
      sum_error += step(x, train, begin, std::min(spec_.batch, n_train - begin), m.lr);
    }
    history.train_seconds += clock.seconds();
    history.samples_seen += n_train;
    m.train_loss = sum_error / static_cast<double>(n_train);
    // The loss is measured before each step, so the weights are checked too: the last step
    // of an epoch may be the one that blows up.
    if (!std::isfinite(m.train_loss) || !net_.params().allFinite())
      throw Error(fmt::format("training diverged at epoch {}: the loss is {}; try a smaller learning rate or --clip-norm",
                              m.epoch, m.train_loss));
    m.validation_loss = n_validation > 0 ? evaluate(validation) : std::numeric_limits<double>::quiet_NaN();
    m.seconds = clock.seconds();
    history.epochs.push_back(m);

    const double monitored = n_validation > 0 ? m.validation_loss : m.train_loss;
    schedule_->observe(monitored);
    if (monitored < state_.best_loss) {
      state_.best_loss = monitored;
      history.best_epoch = m.epoch;
      state_.epochs_since_best = 0;
      if (spec_.early_stopping > 0) state_.best_params = net_.params();
    } else if (spec_.early_stopping > 0 && ++state_.epochs_since_best >= spec_.early_stopping) {
      history.stopped_early = true;
    }
    state_.epoch = m.epoch;
    // After the bookkeeping, so that state() is the state after this epoch.
    for (auto* cb : callbacks_) cb->on_epoch_end(net_, m);
  }
  TrainingHistory result = history;
  if (spec_.early_stopping > 0 && state_.best_params.size() == net_.n_params())
    net_.params() = state_.best_params;
  else
    result.best_epoch = static_cast<int>(result.epochs.size());
  for (auto* cb : callbacks_) cb->on_train_end(net_, result);
  return result;
}

double Trainer::step(const MatrixXf& x, const std::vector<Index>& idx, Index begin, Index count, double lr) {
  const int n_chunks = static_cast<int>(std::min<Index>(spec_.threads, count));
  const auto run_chunk = [&](int t) {
    const Index lo = begin + count * t / n_chunks;
    const Index hi = begin + count * (t + 1) / n_chunks;
    MatrixXf& chunk = chunks_[static_cast<std::size_t>(t)];
    chunk.resize(x.rows(), hi - lo);
    for (Index i = lo; i < hi; ++i) chunk.col(i - lo) = x.col(idx[static_cast<std::size_t>(i)]);
    return net_.loss_and_gradient(chunk, count, workspaces_[static_cast<std::size_t>(t)]);
  };

  double sum_error = 0;
  const VectorXf* grads = &workspaces_[0].grads;
  if (n_chunks == 1) {
    sum_error = run_chunk(0);
  } else {
    std::vector<double> partial(static_cast<std::size_t>(n_chunks));
    const Index n_params = net_.params().size();
    grads_.resize(n_params);
    // Without clipping, which needs the whole gradient's norm first, each thread also sums and
    // applies its share of the parameters, so that only the chunks' barrier is serial.
    const bool update_here = spec_.clip_norm <= 0;
    if (update_here) optimizer_->begin_step(lr);
#pragma omp parallel num_threads(n_chunks)
    {
      const int t = omp_get_thread_num();
      partial[static_cast<std::size_t>(t)] = run_chunk(t);
#pragma omp barrier
      // The chunks' gradients summed in a fixed order: bit-identical for a given thread count.
      const Index lo = n_params * t / n_chunks, hi = n_params * (t + 1) / n_chunks;
      float* sum = grads_.data();
      std::copy(workspaces_[0].grads.data() + lo, workspaces_[0].grads.data() + hi, sum + lo);
      for (int c = 1; c < n_chunks; ++c) {
        const float* g = workspaces_[static_cast<std::size_t>(c)].grads.data();
        for (Index i = lo; i < hi; ++i) sum[i] += g[i];
      }
      if (update_here) optimizer_->update(net_.params().data(), sum, lo, hi);
    }
    for (const double p : partial) sum_error += p;
    if (update_here) return sum_error;
    grads = &grads_;
  }
  if (spec_.clip_norm > 0) {
    const double norm = grads->norm();
    if (norm > spec_.clip_norm) {
      if (grads != &grads_) grads_ = *grads;
      grads_ *= static_cast<float>(spec_.clip_norm / norm);
      grads = &grads_;
    }
  }
  optimizer_->step(net_.params(), *grads, lr);
  return sum_error;
}

double Trainer::evaluate(const MatrixXf& x) const {
  if (x.cols() == 0) return std::numeric_limits<double>::quiet_NaN();
  return net_.mean_loss(x);
}

}  // namespace topae::nn
