#pragma once
// The table `topae score` writes: one row per input event with
//   error, distance, z_1..z_k, rec_<column> for every model column,
// then the input's truth columns and any columns named in `keep`, and its label and weight.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "topae/analysis/score_columns.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/data/dataset.hpp"
#include "topae/nn/ensemble.hpp"
#include "topae/nn/model.hpp"

namespace topae::analysis {


// Throws InputError naming `source` if the input lacks a model column or a `keep` column,
// and naming `model_source` if the model gives a score that is not finite (weights that
// overflow on this input).
data::Dataset score_table(const nn::Model& model, const data::Dataset& input, const std::vector<std::string>& keep,
                          const std::string& source, const std::string& model_source = "the model");

// score_table chunk after chunk, for `topae score`: the same table, written into buffers kept
// from one chunk to the next, the events scored in blocks that stay in cache. The reference
// returned is valid until the next call; errors as score_table's.
class ModelScorer {
 public:
  ModelScorer(const nn::Model& model, std::vector<std::string> keep, std::string source,
              std::string model_source = "the model");
  ~ModelScorer();
  const data::Dataset& score(const data::Dataset& input);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The table `topae score` writes for an ensemble of more than one member: error (the
// members' median), error_min, error_mean, error_spread, disagreement, error_s<seed> per
// member, then the carried columns as above. Errors as score_table's.
data::Dataset ensemble_score_table(const nn::Ensemble& ensemble, const data::Dataset& input,
                                   const std::vector<std::string>& keep, const std::string& source,
                                   const std::string& model_source = "the model");

// Out-of-fold scores of the very table a k-fold ensemble (nn::train_folds) was trained on:
// every event scored by the member that did not see it, in a single model's columns, then
// `fold` (a truth column), then the carried columns. Throws InputError naming `model_source`
// if the ensemble has no folds, and naming `source` if the table is not the one its folds
// split (another number of events, or other values in the model's columns).
data::Dataset out_of_fold_score_table(const nn::Ensemble& ensemble, const data::Dataset& input,
                                      const std::vector<std::string>& keep, const std::string& source,
                                      const std::string& model_source = "the model");

// Scores of any other table by a k-fold ensemble, with the distribution of its out-of-fold
// scores: event i by member i mod K (the `fold` column says which), not the members' median,
// whose spread is smaller. For background references and test sets that a cut fixed on
// out-of-fold scores must treat alike.
data::Dataset member_per_row_score_table(const nn::Ensemble& ensemble, const data::Dataset& input,
                                         const std::vector<std::string>& keep, const std::string& source,
                                         const std::string& model_source = "the model");

// Throws InputError naming `model_source` and `source` if a score of an event (error, latent
// code or reconstruction) is not finite. Event i of `scores` is row rows[i] of `source`, or
// row i if `rows` is empty.
void check_scores_finite(const nn::Scores& scores, const std::string& source, const std::string& model_source,
                         const std::vector<Index>& rows = {});

// What `topae score` reports of a score table: the quantiles of its error column by the
// module's one definition (thresholds.hpp) and the largest distance. Throws InputError if
// `scores` lacks an error column or has no events.
struct ScoreSummary {
  ErrorQuantiles error;
  std::optional<double> max_distance;  // absent in an ensemble's table
};
ScoreSummary summarize_scores(const data::Dataset& scores, const std::string& source);

// The same summary of a score table written in chunks: add() each chunk, then summary().
// Keeps the errors, 8 bytes per event, for their quantiles.
class ScoreAccumulator {
 public:
  void add(const data::Dataset& scores, const std::string& source);
  ScoreSummary summary() const;

 private:
  std::vector<double> errors_;
  std::optional<double> max_distance_;
};

}  // namespace topae::analysis
