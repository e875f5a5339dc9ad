#pragma once
// CWoLa hunting (Collins, Howe, Nachman, PRL 121 (2018) 241803): a classifier trained to tell
// the data in a signal region from the data in its side-bands (signal_region.hpp), on
// features other than the mass. Where the background's features do not depend on the mass,
// the two regions differ only by the signal, so the classifier learns the likelihood ratio of
// signal to background and a cut on it enriches the signal without sculpting the mass.
//
// K-fold (nn/folds.hpp): member f trains on the events outside fold f and scores the events in
// it, so no event's score comes from a classifier that saw it; any other event i is scored by
// member i mod K, so that every score has the same distribution.
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/data/standardizer.hpp"
#include "topae/nn/classifier.hpp"
#include "topae/nn/trainer.hpp"

namespace topae::analysis {

struct CwolaSpec {
  std::vector<Index> hidden = {32, 32};
  int folds = 5;
  std::uint64_t seed = 1;  // folds and member f's initialisation (named_seed(seed, f))
  // Early stopping on a fifth of each member's events held out: the regions differ by a few
  // per cent, and a classifier that trains on without it learns the fluctuations.
  nn::TrainerSpec trainer = [] {
    nn::TrainerSpec t;
    t.epochs = 60;
    t.batch = 256;
    t.validation_fraction = 0.2;
    t.early_stopping = 8;
    t.optimizer.lr = 3e-3;
    return t;
  }();
};

class Cwola {
 public:
  // features: n x d in raw units; in_signal_region[i]: event i is in the SR (else a side-band).
  // Members train in parallel, one thread each. Throws InputError if either region has fewer
  // events than folds.
  Cwola(const CwolaSpec& spec, const Table& features, const std::vector<bool>& in_signal_region);

  // The logit of each training event, by the member that did not see it.
  const Eigen::VectorXd& out_of_fold() const { return out_of_fold_; }
  // The logit of other events: row i by member i mod K.
  Eigen::VectorXd score(const Table& features) const;

 private:
  data::Standardizer standardizer_;
  std::vector<nn::Classifier> members_;
  Eigen::VectorXd out_of_fold_;
};

}  // namespace topae::analysis
