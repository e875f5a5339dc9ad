#pragma once
// The seams of a trained model on a table of events (topology/seam_finder.hpp): the events
// scored, their inputs and reconstructions put in the units the model sees, and the finder
// run on them. What `topae seams` and the suite's audit experiment compute.
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/nn/model.hpp"
#include "topae/topology/seam_finder.hpp"

namespace topae::analysis {

// The columns the events table adds to the input's.
inline constexpr const char* kSeamRowColumn = "row";
inline constexpr const char* kSeamErrorColumn = "error";
inline constexpr const char* kSeamScoreColumn = "seam_score";
inline constexpr const char* kOnSeamColumn = "on_seam";

struct ModelSeams {
  std::vector<Index> rows;          // the analysed rows of the input, ascending
  std::vector<std::string> columns; // the columns the seams' centres are given in
  Table raw;                        // the analysed rows in those columns
  nn::Scores scores;                // of the analysed rows
  topology::SeamResult seams;
};

// Scores `rows` of `input` (all rows if empty) with `model` and finds its seams; centres are
// given in `columns` (the model's if empty). The top errors are those at or above the
// settings' top_error_quantile (thresholds.hpp's quantile). Throws InputError naming
// `source` (the data) or `model_source`.
ModelSeams model_seams(const nn::Model& model, const data::Dataset& input, std::vector<Index> rows,
                       std::vector<std::string> columns, const topology::SeamSettings& settings,
                       const std::string& source, const std::string& model_source);

// The input's columns of the analysed rows, then row, error, seam_score and on_seam. Throws
// InputError naming `source` if the input already has one of those columns.
data::Dataset seam_events_table(const data::Dataset& input, const ModelSeams& seams, const std::string& source);

}  // namespace topae::analysis
