#pragma once
// The column names of the table `topae score` writes (score_table.hpp), defined once: every
// reader and writer of score tables and latent snapshots names its columns through these.
//   error, distance, z_1..z_k, rec_<column>
#include <cstdint>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::analysis {

inline constexpr const char* error_column = "error";        // the per-event loss
inline constexpr const char* distance_column = "distance";  // |x - r| in raw units

// An ensemble's (nn/ensemble.hpp): error is the members' median, then these, then
// error_s<seed> per member.
inline constexpr const char* error_min_column = "error_min";
inline constexpr const char* error_mean_column = "error_mean";
inline constexpr const char* error_spread_column = "error_spread";    // max - min over members
inline constexpr const char* disagreement_column = "disagreement";    // error_spread / error
std::string member_error_column(std::uint64_t seed);                  // "error_s3"
// Out-of-fold scores (score_table.hpp): the fold of the event, whose member scored it.
inline constexpr const char* fold_column = "fold";

// "z_1" for i = 1: the latent coordinate i, 1-based.
std::string latent_column(Index i);
// z_1..z_k.
std::vector<std::string> latent_columns(Index k);
// "rec_x" for the input column "x": its reconstruction.
std::string reconstruction_column(const std::string& column);
std::vector<std::string> reconstruction_columns(const std::vector<std::string>& columns);

}  // namespace topae::analysis
