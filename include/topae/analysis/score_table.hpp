#pragma once
// The table `topae score` writes: one row per input event with
//   error, distance, z_1..z_k, rec_<column> for every model column,
// then the input's truth columns and any columns named in `keep`, and its label and weight.
#include <string>
#include <vector>

#include "topae/analysis/score_columns.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/data/dataset.hpp"
#include "topae/nn/model.hpp"

namespace topae::analysis {


// Throws InputError naming `source` if the input lacks a model column or a `keep` column,
// and naming `model_source` if the model gives a score that is not finite (weights that
// overflow on this input).
data::Dataset score_table(const nn::Model& model, const data::Dataset& input, const std::vector<std::string>& keep,
                          const std::string& source, const std::string& model_source = "the model");

// Throws InputError naming `model_source` and `source` if a score of an event (error, latent
// code or reconstruction) is not finite. Event i of `scores` is row rows[i] of `source`, or
// row i if `rows` is empty.
void check_scores_finite(const nn::Scores& scores, const std::string& source, const std::string& model_source,
                         const std::vector<Index>& rows = {});

// What `topae score` reports of a score table: the quantiles of its error column by the
// module's one definition (thresholds.hpp) and the largest distance. Throws InputError if
// `scores` lacks those columns or has no events.
struct ScoreSummary {
  ErrorQuantiles error;
  double max_distance = 0;
};
ScoreSummary summarize_scores(const data::Dataset& scores, const std::string& source);

}  // namespace topae::analysis
