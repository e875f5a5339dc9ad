#pragma once
// Matrix aliases used across topae.
//
// Training works on `features x batch` float matrices (column-major: each sample contiguous).
// Tables on disk are one row per event; in memory they are row-major `events x columns`
// doubles, so a table's memory is laid out exactly as in the file, and its transpose viewed
// column-major is a `features x events` matrix.
#include <Eigen/Core>

namespace topae {

using Index = Eigen::Index;
using MatrixXf = Eigen::MatrixXf;  // features x batch
using VectorXf = Eigen::VectorXf;
using Table = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;  // events x columns

}  // namespace topae
