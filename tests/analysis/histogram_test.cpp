#include "topae/analysis/histogram.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "topae/core/error.hpp"

namespace topae::analysis {
namespace {

TEST(AnalysisHistogram, EdgesBelongToTheBinAboveAndHiToTheOverflow) {
  Histogram h(10, 0.0, 1.0);
  for (int i = 0; i <= 10; ++i) h.fill(h.edge(i));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(h.content(i), 1.0) << "bin " << i;
  EXPECT_EQ(h.overflow(), 1.0);
  EXPECT_EQ(h.underflow(), 0.0);
  h.fill(-1e-300);
  h.fill(-std::numeric_limits<double>::infinity());
  h.fill(std::numeric_limits<double>::infinity());
  EXPECT_EQ(h.underflow(), 2.0);
  EXPECT_EQ(h.overflow(), 2.0);
  EXPECT_EQ(h.entries(), 14);
  EXPECT_EQ(h.total(), 14.0);
}

TEST(AnalysisHistogram, EveryValueJustBelowAnEdgeStaysInTheBinBelow) {
  // 0.1-wide bins are not exact in binary: the edge correction must keep x < edge(i) out of bin i.
  Histogram h(7, 0.3, 1.0);
  for (int i = 1; i <= 7; ++i) {
    const double x = std::nextafter(h.edge(i), -1.0);
    EXPECT_EQ(h.bin_of(x), i - 1) << "just below edge " << i;
    EXPECT_EQ(h.bin_of(h.edge(i)), i) << "edge " << i;
  }
}

TEST(AnalysisHistogram, WeightsAndSquaredWeights) {
  Histogram h(2, 0.0, 2.0);
  Eigen::VectorXd x(4), w(4);
  x << 0.5, 0.5, 1.5, 3.0;
  w << 2.0, -1.0, 0.5, 4.0;
  h.fill(x, w);
  EXPECT_EQ(h.content(0), 1.0);
  EXPECT_EQ(h.variance(0), 5.0);
  EXPECT_EQ(h.content(1), 0.5);
  EXPECT_EQ(h.variance(1), 0.25);
  EXPECT_EQ(h.overflow(), 4.0);
  EXPECT_EQ(h.in_range(), 1.5);
}

TEST(AnalysisHistogram, BadArgumentsAreInputErrors) {
  EXPECT_THROW(Histogram(0, 0, 1), InputError);
  EXPECT_THROW(Histogram(5, 1, 1), InputError);
  EXPECT_THROW(Histogram(5, 0, std::numeric_limits<double>::infinity()), InputError);
  Histogram h(5, 0, 1);
  EXPECT_THROW(h.fill(std::numeric_limits<double>::quiet_NaN()), InputError);
  EXPECT_THROW(h.fill(0.5, std::numeric_limits<double>::infinity()), InputError);
  EXPECT_THROW(h.fill(Eigen::VectorXd::Zero(3), Eigen::VectorXd::Ones(2)), InputError);
}

}  // namespace
}  // namespace topae::analysis
