#include "topae/report/layers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/table_support.hpp"
#include "topae/core/error.hpp"

namespace topae::report {
namespace {

using test::contains;

TEST(ReportLayers, XyLayerStacksColumnsOfOneLength) {
  const Eigen::VectorXd x{{1.0, 2.0, 3.0}}, y{{4.0, 5.0, 6.0}};
  const Layer l = xy_layer(Style::lines, {"t", "e"}, {x, y}, "seed 1");
  EXPECT_EQ(l.style, Style::lines);
  EXPECT_EQ(l.title, "seed 1");
  EXPECT_EQ(l.columns, (std::vector<std::string>{"t", "e"}));
  ASSERT_EQ(l.data.rows(), 3);
  EXPECT_EQ(l.data(2, 0), 3.0);
  EXPECT_EQ(l.data(1, 1), 5.0);
  try {
    xy_layer(Style::lines, {"t", "e"}, {x, Eigen::VectorXd(2)});
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {"column 'e' has 2 values, column 't' has 3"}));
  }
  EXPECT_THROW(xy_layer(Style::lines, {"t"}, {x, y}), InputError);
}

TEST(ReportLayers, HistogramLayerDrawsTheBinsOfAHistogram) {
  analysis::Histogram h(2, 0.0, 1.0);
  // Weights are drawn as the sums they make; under- and overflow are left out.
  h.fill(Eigen::VectorXd{{0.1, 0.2, 0.6, 0.9, 1.0, 1.5, -0.1}}, Eigen::VectorXd{{1, 1, 1, 2, 1, 1, 1}});
  const Layer layer = histogram_layer(h, "angle", "seams");
  EXPECT_EQ(layer.style, Style::histogram);
  EXPECT_EQ(layer.title, "seams");
  EXPECT_EQ(layer.columns, (std::vector<std::string>{"angle_low", "angle_high", "count"}));
  ASSERT_EQ(layer.data.rows(), 2);
  EXPECT_EQ(layer.data(0, 0), 0.0);
  EXPECT_EQ(layer.data(0, 1), 0.5);
  EXPECT_EQ(layer.data(1, 0), 0.5);
  EXPECT_EQ(layer.data(1, 1), 1.0);
  EXPECT_EQ(layer.data(0, 2), 2.0);
  EXPECT_EQ(layer.data(1, 2), 3.0);  // 0.6 and 0.9 (weight 2); 1.0 is the overflow, as [lo, hi) says
}

TEST(ReportLayers, PullsWeighTheExcessByTheExpectationsVariance) {
  const Eigen::VectorXd n{{14.0, 4.0, 0.0, 3.0}}, b{{9.0, 4.0, 1.0, 0.0}}, sigma{{4.0, 0.0, 0.0, 0.0}};
  const Eigen::VectorXd plain = pulls(n, b);
  EXPECT_DOUBLE_EQ(plain[0], 5.0 / 3.0);  // (14 - 9) / sqrt(9)
  EXPECT_EQ(plain[1], 0.0);
  EXPECT_DOUBLE_EQ(plain[2], -1.0);
  EXPECT_EQ(plain[3], 0.0);  // no variance: no pull, not infinity
  EXPECT_DOUBLE_EQ(pulls(n, b, sigma)[0], 1.0);  // (14 - 9) / sqrt(9 + 16)
  EXPECT_THROW(pulls(n, b.head(3)), InputError);
  EXPECT_THROW(pulls(n, b, sigma.head(2)), InputError);
}

TEST(ReportLayers, PullPanelIsSymmetricAndDrawsZero) {
  const Layer bars = xy_layer(Style::points, {"m", "pull"}, {Eigen::VectorXd{{1.0, 2.0}}, Eigen::VectorXd{{0.5, -4.2}}});
  const LowerPanel panel = pull_panel({bars}, 0.0, 3.0, 4.2);
  EXPECT_EQ(panel.y.label, "pull");
  ASSERT_TRUE(panel.y.range);
  EXPECT_EQ(panel.y.range->min, -5.0);  // ceil(1.1 x 4.2)
  EXPECT_EQ(panel.y.range->max, 5.0);
  ASSERT_EQ(panel.layers.size(), 2u);
  const Layer& zero = panel.layers[1];
  EXPECT_EQ(zero.style, Style::lines);
  EXPECT_EQ(zero.data(0, 0), 0.0);
  EXPECT_EQ(zero.data(1, 0), 3.0);
  EXPECT_EQ(zero.data.col(1).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_EQ(pull_panel({bars}, 0.0, 3.0, 0.4).y.range->max, 3.0);  // small pulls: still +-3
}

TEST(ReportLayers, ImageLayerRunsXFastest) {
  const Eigen::VectorXd x{{0.0, 1.0, 2.0}}, y{{10.0, 20.0}};
  Table v(2, 3);
  v << 1, 2, 3, 4, 5, 6;
  const Layer img = image_layer(x, y, v, "loss");
  EXPECT_EQ(img.columns, (std::vector<std::string>{"x", "y", "loss"}));
  ASSERT_EQ(img.data.rows(), 6);
  EXPECT_EQ(img.data(1, 0), 1.0);
  EXPECT_EQ(img.data(1, 1), 10.0);
  EXPECT_EQ(img.data(1, 2), 2.0);
  EXPECT_EQ(img.data(3, 0), 0.0);
  EXPECT_EQ(img.data(3, 1), 20.0);
  EXPECT_EQ(img.data(3, 2), 4.0);
  EXPECT_THROW(image_layer(Eigen::VectorXd{{0.0, 1.0, 3.0}}, y, v), InputError);  // uneven
  EXPECT_THROW(image_layer(x, y, Table(3, 2)), InputError);                      // wrong shape
}

TEST(ReportLayers, CircleIsClosed) {
  const Layer c = circle_layer(1.0, -2.0, 0.5, "r = 0.5", 64);
  EXPECT_EQ(c.style, Style::lines);
  ASSERT_EQ(c.data.rows(), 65);
  EXPECT_EQ(c.data(0, 0), c.data(64, 0));
  EXPECT_EQ(c.data(0, 1), c.data(64, 1));
  for (Index i = 0; i < c.data.rows(); ++i) {
    EXPECT_NEAR(std::hypot(c.data(i, 0) - 1.0, c.data(i, 1) + 2.0), 0.5, 1e-15);
  }
  EXPECT_THROW(circle_layer(0.0, 0.0, -1.0), InputError);
}

}  // namespace
}  // namespace topae::report
