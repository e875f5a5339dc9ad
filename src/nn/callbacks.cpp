#include "topae/nn/callbacks.hpp"

#include <fmt/format.h>

namespace topae::nn {

void ProgressCallback::on_train_begin(const Network&, const TrainerSpec& spec) {
  const auto label = resumed_at_ == 0 ? std::string("train") : fmt::format("train from epoch {}", resumed_at_ + 1);
  bar_ = std::make_unique<ProgressBar>(label, spec.epochs - resumed_at_, "epochs", enabled_);
}

void ProgressCallback::on_epoch_end(const Network&, const EpochMetrics& m) {
  const auto status = std::isnan(m.validation_loss) ? fmt::format("loss {:.4g}", m.train_loss)
                                                    : fmt::format("loss {:.4g} val {:.4g}", m.train_loss,
                                                                  m.validation_loss);
  bar_->update(m.epoch - resumed_at_, status);
}

void ProgressCallback::on_train_end(const Network&, const TrainingHistory&) { bar_->finish(); }

LatentSnapshots::LatentSnapshots(const Autoencoder& ae, MatrixXf probe, int every)
    : ae_(ae), probe_(std::move(probe)), every_(every) {}

void LatentSnapshots::record(int epoch) {
  if (!snapshots_.empty() && snapshots_.back().epoch == epoch) return;
  LatentSnapshot s{epoch, {}};
  ae_.encode(probe_, s.latent);
  snapshots_.push_back(std::move(s));
}

void LatentSnapshots::on_train_begin(const Network&, const TrainerSpec&) { record(0); }

void LatentSnapshots::on_epoch_end(const Network&, const EpochMetrics& m) {
  if (every_ > 0 && m.epoch % every_ == 0) record(m.epoch);
}

void LatentSnapshots::on_train_end(const Network&, const TrainingHistory& h) {
  // The weights kept may be those of the best epoch (early stopping): record what was kept.
  if (!h.epochs.empty()) record(h.epochs.back().epoch);
}

}  // namespace topae::nn
