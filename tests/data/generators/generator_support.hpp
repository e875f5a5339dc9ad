#pragma once
// Helpers shared by the generator tests: thread independence, column access, statistics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "topae/core/error.hpp"
#include "topae/core/threads.hpp"
#include "topae/data/dataset.hpp"

namespace topae::data::test {

inline Eigen::VectorXd column(const Dataset& d, const std::string& name) {
  const int j = d.column_index(name);
  EXPECT_GE(j, 0) << "no column " << name;
  return d.values.col(j);
}

inline bool bitwise_equal(const Dataset& a, const Dataset& b) {
  if (a.columns != b.columns || a.truth != b.truth || a.values.rows() != b.values.rows() ||
      a.values.cols() != b.values.cols() || a.label.has_value() != b.label.has_value())
    return false;
  if (a.label && *a.label != *b.label) return false;
  return std::equal(a.values.data(), a.values.data() + a.values.size(), b.values.data(),
                    [](double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; });
}

// The same events with 1 and 2 threads (the tests run with one thread otherwise).
template <class Spec>
void expect_thread_independent(const Spec& spec, Dataset (*generate)(const Spec&)) {
  set_threads(1);
  const Dataset one = generate(spec);
  set_threads(2);
  const Dataset two = generate(spec);
  set_threads(1);
  EXPECT_TRUE(bitwise_equal(one, two)) << "1 and 2 threads give different events";
}

// The message of the InputError `f` throws, or "" if it throws none.
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Kolmogorov-Smirnov statistic sqrt(n) D_n of `x` against the uniform law on [lo, hi].
// Under the null its 0.1% critical value is 1.95.
inline double ks_uniform(Eigen::VectorXd x, double lo, double hi) {
  std::sort(x.begin(), x.end());
  const auto n = static_cast<double>(x.size());
  double d = 0;
  for (Index i = 0; i < x.size(); ++i) {
    const double f = (x(i) - lo) / (hi - lo);
    d = std::max({d, std::abs(f - static_cast<double>(i) / n), std::abs(static_cast<double>(i + 1) / n - f)});
  }
  return std::sqrt(n) * d;
}

}  // namespace topae::data::test
