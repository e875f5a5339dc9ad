#pragma once
// The table `topae score` writes: one row per input event with
//   error, distance, z_1..z_k, rec_<column> for every model column,
// then the input's truth columns and any columns named in `keep`, and its label and weight.
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/nn/model.hpp"

namespace topae::analysis {

// The names of its columns: z_<i> (i from 1) and rec_<column>.
std::string latent_column(Index i);
std::vector<std::string> latent_columns(Index k);
std::string reconstruction_column(const std::string& column);
std::vector<std::string> reconstruction_columns(const std::vector<std::string>& columns);

// Throws InputError naming `source` if the input lacks a model column or a `keep` column,
// and naming `model_source` if the model gives a score that is not finite (weights that
// overflow on this input).
data::Dataset score_table(const nn::Model& model, const data::Dataset& input, const std::vector<std::string>& keep,
                          const std::string& source, const std::string& model_source = "the model");

}  // namespace topae::analysis
