// Helpers for tests of Dataset and the table readers and writers.
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

#include "topae/data/dataset.hpp"

namespace topae::test {

// Bitwise equality, so -0.0 differs from 0.0.
inline bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Columns, truth and label equal; values and weights bit for bit.
inline void expect_identical(const data::Dataset& a, const data::Dataset& b) {
  EXPECT_EQ(a.columns, b.columns);
  EXPECT_EQ(a.truth, b.truth);
  ASSERT_EQ(a.values.rows(), b.values.rows());
  ASSERT_EQ(a.values.cols(), b.values.cols());
  for (Index i = 0; i < a.values.rows(); ++i) {
    for (Index j = 0; j < a.values.cols(); ++j) {
      EXPECT_TRUE(same_bits(a.values(i, j), b.values(i, j)))
          << "row " << i << " col " << j << ": " << a.values(i, j) << " vs " << b.values(i, j);
    }
  }
  ASSERT_EQ(a.label.has_value(), b.label.has_value());
  if (a.label) {
    EXPECT_EQ(*a.label, *b.label);
  }
  ASSERT_EQ(a.weight.has_value(), b.weight.has_value());
  if (a.weight) {
    for (Index i = 0; i < a.weight->size(); ++i) EXPECT_TRUE(same_bits((*a.weight)(i), (*b.weight)(i)));
  }
}

// Doubles whose text form is easy to get wrong, with truth, label and weight.
inline data::Dataset awkward_dataset() {
  data::Dataset d;
  d.columns = {"theta", "x", "y"};
  d.truth = {"theta"};
  d.values.resize(4, 3);
  d.values << 1e-300, -0.0, 0.1,                                                                 //
      1.0 / 3.0, std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),  //
      -std::numeric_limits<double>::min(), 123456789.123456789, 1e22,                            //
      3.141592653589793, -1e-5, 0.0;
  d.label = Eigen::VectorXi{{0, 1, 1, 7}};
  d.weight = Eigen::VectorXd{{1.0, 0.5, 2.0 / 3.0, -1e-300}};
  return d;
}

// True (with a readable failure) if `message` contains every piece.
inline ::testing::AssertionResult contains(const std::string& message, std::initializer_list<std::string> pieces) {
  for (const auto& piece : pieces) {
    if (message.find(piece) == std::string::npos) {
      return ::testing::AssertionFailure() << "\"" << message << "\" lacks \"" << piece << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace topae::test
