#pragma once
// The table `topae score` writes: one row per input event with
//   error, distance, z_1..z_k, rec_<column> for every model column,
// then the input's truth columns and any columns named in `keep`, and its label and weight.
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/nn/model.hpp"

namespace topae::analysis {

// Throws InputError naming `source` if the input lacks a model column or a `keep` column.
data::Dataset score_table(const nn::Model& model, const data::Dataset& input, const std::vector<std::string>& keep,
                          const std::string& source);

}  // namespace topae::analysis
