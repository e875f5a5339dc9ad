#pragma once
// Transforms applied to a generated Dataset, the same for every generator: Gaussian noise
// and a random isometric embedding into a higher-dimensional space. Both act on the
// feature columns (Dataset::feature_columns()) and leave the truth columns, label and
// weight as they are. Both draw per event from counter-based streams keyed by (seed, a
// tagged stream number), so they give the same result for any thread count.
#include <cstdint>

#include "topae/data/dataset.hpp"

namespace topae::data {

// Adds independent N(0, sigma^2) to every feature value; row i draws from
// RandomStream(seed, sample_stream(StreamTag::noise, first_row + i)), one normal per feature
// column in column order (first_row: where `d` starts in the whole sample). Throws
// InputError naming --noise unless sigma >= 0 (sigma = 0: no change).
void add_noise(Dataset& d, double sigma, std::uint64_t seed, Index first_row = 0);

// A random D x D orthogonal matrix, Haar-distributed: the Q of the QR decomposition of a
// matrix of standard normals (drawn column by column from
// RandomStream(seed, sample_stream(StreamTag::rotation, 0))), with the signs of its
// columns fixed so that R has a positive diagonal. The same matrix for any thread count.
Eigen::MatrixXd random_orthogonal(Index D, std::uint64_t seed);

// Pads the a feature coordinates of every event with zeros to D, rotates them by
// random_orthogonal(D, seed), and replaces the feature columns by x1..xD (placed first,
// truth columns after, in their order). Pairwise distances are kept. Throws InputError
// naming --embed-dim unless D >= a.
void embed(Dataset& d, Index D, std::uint64_t seed);
// The same with the rotation given (random_orthogonal(D, seed)), for a sample embedded chunk
// by chunk.
void embed(Dataset& d, const Eigen::MatrixXd& rotation);

}  // namespace topae::data
