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
#include "topae/report/figure.hpp"

namespace topae::report {

// A layer of `style` whose columns are `values` (all of one length), named `names`.
Layer xy_layer(Style style, std::vector<std::string> names, const std::vector<Eigen::VectorXd>& values,
               std::string title = {});

// Bin edges e_0 < e_1 < ... < e_n: bin i is [e_i, e_{i+1}), the last bin also holds e_n.
struct Binning {
  std::vector<double> edges;

  // `bins` bins of equal width over [low, high].
  static Binning uniform(int bins, double low, double high);
  Index bins() const { return static_cast<Index>(edges.size()) - 1; }
  // The bin holding `value`, or -1 if it lies outside [e_0, e_n] or is NaN.
  Index find(double value) const;
  // Throws InputError unless there are at least two edges, all finite and increasing.
  void validate() const;
};

// The counts of `sample` per bin, as a histogram layer with columns
// "<name>_low", "<name>_high", "count". Values outside the edges, and NaN, are not counted.
Layer histogram_layer(const Eigen::VectorXd& sample, const Binning& binning, std::string name = "value",
                      std::string title = {});

// A heat map of values(i, j) at the pixel centres (x(j), y(i)) of a regular grid, as an image
// layer with columns "x", "y", `value_name` (rows ordered with x running fastest).
// `values` is y.size() x x.size(); x and y must be evenly spaced and increasing.
Layer image_layer(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Table& values,
                  std::string value_name = "value", std::string title = {});

// The circle of radius r around (cx, cy) as a closed polyline of `segments` segments (lines layer).
Layer circle_layer(double cx, double cy, double r, std::string title = {}, int segments = 256);

}  // namespace topae::report
