#pragma once
// Helpers that build the layers of a FigureSpec (figure.hpp) from plain vectors.
//
//   auto fig = FigureSpec{.title = "Loss map", .square = true};
//   fig.layers.push_back(xy_layer(Style::colored_points, {"x", "y", "loss"}, {x, y, loss}));
//   fig.layers.push_back(circle_layer(0.0, 0.0, 1.0, "unit circle"));
//
// Every helper throws InputError if its inputs disagree in length or are out of bounds.
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/analysis/histogram.hpp"
#include "topae/report/figure.hpp"

namespace topae::report {

// A layer of `style` whose columns are `values` (all of one length), named `names`.
Layer xy_layer(Style style, std::vector<std::string> names, const std::vector<Eigen::VectorXd>& values,
               std::string title = {});

// Bin edges e_0 < e_1 < ... < e_n: bin i is [e_i, e_{i+1}), the last bin also holds e_n.
// The bins of `histogram` (contents: sums of weights) as a histogram layer with columns
// "<name>_low", "<name>_high", "count". Under- and overflow are not drawn.
Layer histogram_layer(const analysis::Histogram& histogram, std::string name = "value", std::string title = {});

// Counts n_i at bin centres x_i as black points ("<name>" column) with Poisson error bars
// n_i +- sqrt(n_i) ("<name>_low", "<name>_high"): the error bars first, then the points.
std::vector<Layer> counts_with_errors(const Eigen::VectorXd& x, const Eigen::VectorXd& n, const std::string& name,
                                      std::string title);

// The pull of each bin, (n_i - b_i) / sqrt(b_i + sigma_i^2), of counts n against an expectation
// b with its own error sigma (empty: none); 0 where b_i + sigma_i^2 = 0.
Eigen::VectorXd pulls(const Eigen::VectorXd& n, const Eigen::VectorXd& b, const Eigen::VectorXd& sigma = {});

// A pull panel under a spectrum over [x_lo, x_hi]: `layers` (pulls per bin), a line at zero,
// and a y axis "pull" symmetric about zero that reaches past `largest` |pull| (to at least 3).
LowerPanel pull_panel(std::vector<Layer> layers, double x_lo, double x_hi, double largest);

// A heat map of values(i, j) at the pixel centres (x(j), y(i)) of a regular grid, as an image
// layer with columns "x", "y", `value_name` (rows ordered with x running fastest).
// `values` is y.size() x x.size(); x and y must be evenly spaced and increasing.
Layer image_layer(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Table& values,
                  std::string value_name = "value", std::string title = {});

// The circle of radius r around (cx, cy) as a closed polyline of `segments` segments (lines layer).
Layer circle_layer(double cx, double cy, double r, std::string title = {}, int segments = 256);

}  // namespace topae::report
