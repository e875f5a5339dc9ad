#include "topae/analysis/kernel_density.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::analysis {
namespace {

// The estimate's formula term by term on three points in the plane.
TEST(KernelDensity, IsTheMeanOfGaussianKernelsWithScottsBandwidths) {
  const Table points{{0, 0}, {1, 2}, {3, 1}};
  const KernelDensity kde(points);
  const double scott = std::pow(3.0, -1.0 / 6.0);
  for (Index j = 0; j < 2; ++j) {
    const auto c = points.col(j).array();
    EXPECT_NEAR(kde.bandwidth()[j], std::sqrt((c - c.mean()).square().mean()) * scott, 1e-12);
  }
  const auto kernel = [&](Index i, double x, double y) {
    double k = 1;
    const double q[2] = {x, y};
    for (Index j = 0; j < 2; ++j) {
      const double h = kde.bandwidth()[j], u = (q[j] - points(i, j)) / h;
      k *= std::exp(-0.5 * u * u) / (std::sqrt(2 * std::numbers::pi) * h);
    }
    return k;
  };
  const Table x{{0.5, 0.5}, {2, 2}, {40, -30}};
  const Eigen::VectorXd got = kde.log_density(x);
  for (Index q = 0; q < 2; ++q) {
    const double p = (kernel(0, x(q, 0), x(q, 1)) + kernel(1, x(q, 0), x(q, 1)) + kernel(2, x(q, 0), x(q, 1))) / 3;
    EXPECT_NEAR(got[q], std::log(p), 1e-10);
  }
  // Far away the density underflows a double, its log does not.
  EXPECT_TRUE(std::isfinite(got[2]));
  EXPECT_LT(got[2], -1000);
  // Leaving point i out: the mean of the other two kernels at it, with the same bandwidths.
  const Eigen::VectorXd loo = kde.log_density_leave_one_out();
  for (Index i = 0; i < 3; ++i) {
    double p = 0;
    for (Index k = 0; k < 3; ++k)
      if (k != i) p += kernel(k, points(i, 0), points(i, 1)) / 2;
    EXPECT_NEAR(loo[i], std::log(p), 1e-10) << i;
  }
}

// On n draws of N(0, 1) the estimate's mean at 0 is N(0; 0, sqrt(1 + h^2)); its relative
// standard error sqrt(1 / (2 sqrt(pi) n h f)) is 0.03 at n = 5000: 0.15 is five of them.
TEST(KernelDensity, EstimatesAKnownDensity) {
  constexpr Index n = 5000;
  RandomStream rng(3, 0);
  Table points(n, 1);
  for (Index i = 0; i < n; ++i) points(i, 0) = rng.normal();
  const KernelDensity kde(points);
  const double h = kde.bandwidth()[0];
  const Table zero{{0.0}};
  const double expected = -0.5 * std::log(2 * std::numbers::pi * (1 + h * h));
  EXPECT_NEAR(kde.log_density(zero)[0], expected, 0.15);
}

TEST(KernelDensity, RefusesTooFewOrConstantPoints) {
  EXPECT_THROW(KernelDensity(Table{{1.0}}), InputError);
  EXPECT_THROW(KernelDensity(Table{{1.0, 2.0}, {1.0, 3.0}}), InputError);
  EXPECT_THROW(KernelDensity(Table{{1.0}, {std::nan("")}}), InputError);
}

}  // namespace
}  // namespace topae::analysis
