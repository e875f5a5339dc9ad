#pragma once
// Argument checks for public entry points (topology, analysis).
// Each throws InputError with a one-line message that starts with the function's name.
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/core/matrix.hpp"

namespace topae::checks {

inline std::string shape(const Eigen::Ref<const Table>& t) { return fmt::format("{} x {}", t.rows(), t.cols()); }

inline void check_not_empty(const char* where, const char* name, const Eigen::Ref<const Table>& t) {
  if (t.rows() == 0 || t.cols() == 0)
    throw InputError(fmt::format("{}: {} is {}; it needs at least one row and one column", where, name, shape(t)));
}

inline void check_same_shape(const char* where, const char* a_name, const Eigen::Ref<const Table>& a,
                             const char* b_name, const Eigen::Ref<const Table>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols())
    throw InputError(fmt::format("{}: {} is {} but {} is {}; they must have the same shape", where, a_name, shape(a),
                                 b_name, shape(b)));
}

// Coordinates must be finite: a distance between infinities is NaN.
inline void check_finite(const char* where, const char* name, const Eigen::Ref<const Table>& t) {
  for (Index i = 0; i < t.rows(); ++i)
    for (Index j = 0; j < t.cols(); ++j)
      if (!std::isfinite(t(i, j)))
        throw InputError(fmt::format("{}: {} row {} column {} is {}; coordinates must be finite", where, name, i, j,
                                     t(i, j)));
}

inline void check_finite(const char* where, const char* name, const Eigen::Ref<const Eigen::VectorXd>& v) {
  for (Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v(i)))
      throw InputError(fmt::format("{}: {}[{}] is {}; it must be finite", where, name, i, v(i)));
}

// Errors may be +infinity (a diverged reconstruction is still "very bad"), never NaN.
inline void check_no_nan(const char* where, const char* name, const Eigen::Ref<const Eigen::VectorXd>& v) {
  for (Index i = 0; i < v.size(); ++i)
    if (std::isnan(v(i))) throw InputError(fmt::format("{}: {}[{}] is NaN", where, name, i));
}

inline void check_not_empty(const char* where, const char* name, const Eigen::Ref<const Eigen::VectorXd>& v) {
  if (v.size() == 0) throw InputError(fmt::format("{}: {} is empty", where, name));
}

inline void check_same_size(const char* where, const char* a_name, Index a, const char* b_name, Index b) {
  if (a != b)
    throw InputError(fmt::format("{}: {} has {} entries but {} has {}; they must match", where, a_name, a, b_name, b));
}

// A count given by a flag: "--n-test must be at least 2, got 0".
template <typename T>
void check_flag_at_least(const char* flag, T value, std::type_identity_t<T> minimum) {
  if (value < minimum) throw InputError(fmt::format("{} must be at least {}, got {}", flag, minimum, value));
}

// Rows [first, first + count) of a sample of n, asked of a generator chunk by chunk: a
// caller's bug if they are not all there (std::out_of_range, not bad input).
inline void check_row_range(Index first, Index count, Index n) {
  if (first < 0 || count < 0 || first + count > n)
    throw std::out_of_range(fmt::format("rows [{}, {}) of a sample of {}", first, first + count, n));
}

// NaN as JSON null, explicitly: nlohmann keeps NaN as a number in memory and only writes null.
inline nlohmann::json number_or_null(double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); }

}  // namespace topae::checks
