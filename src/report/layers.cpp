#include "topae/report/layers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "topae/core/error.hpp"

namespace topae::report {
namespace {

// Throws InputError unless `v` has at least two entries, evenly spaced and increasing.
void check_grid_axis(const Eigen::VectorXd& v, const char* name) {
  if (v.size() < 2) {
    throw InputError(fmt::format("image_layer: {} needs at least 2 pixel centres, has {}", name, v.size()));
  }
  const double step = v(1) - v(0);
  const double tolerance = 1e-6 * std::abs(step);
  for (Index i = 1; i < v.size(); ++i) {
    const double d = v(i) - v(i - 1);
    if (!std::isfinite(d) || !(d > 0.0) || std::abs(d - step) > tolerance) {
      throw InputError(fmt::format("image_layer: {} must be evenly spaced and increasing ({}[{}] = {}, {}[{}] = {})",
                                   name, name, i - 1, v(i - 1), name, i, v(i)));
    }
  }
}

}  // namespace

Layer xy_layer(Style style, std::vector<std::string> names, const std::vector<Eigen::VectorXd>& values,
               std::string title) {
  if (names.size() != values.size()) {
    throw InputError(fmt::format("xy_layer: {} names for {} columns", names.size(), values.size()));
  }
  if (values.empty()) throw InputError("xy_layer: no columns");
  const Index rows = values.front().size();
  Layer layer;
  layer.style = style;
  layer.title = std::move(title);
  layer.columns = std::move(names);
  layer.data.resize(rows, static_cast<Index>(values.size()));
  for (std::size_t j = 0; j < values.size(); ++j) {
    if (values[j].size() != rows) {
      throw InputError(fmt::format("xy_layer: column '{}' has {} values, column '{}' has {}", layer.columns[j],
                                   values[j].size(), layer.columns.front(), rows));
    }
    layer.data.col(static_cast<Index>(j)) = values[j];
  }
  return layer;
}

Layer histogram_layer(const analysis::Histogram& histogram, std::string name, std::string title) {
  Layer layer;
  layer.style = Style::histogram;
  layer.title = std::move(title);
  layer.columns = {name + "_low", name + "_high", "count"};
  layer.data.resize(histogram.bins(), 3);
  for (int i = 0; i < histogram.bins(); ++i) layer.data.row(i) << histogram.edge(i), histogram.edge(i + 1), histogram.content(i);
  return layer;
}

std::vector<Layer> counts_with_errors(const Eigen::VectorXd& x, const Eigen::VectorXd& n, const std::string& name,
                                      std::string title) {
  Table bars(x.size(), 4);
  for (Index i = 0; i < x.size(); ++i) bars.row(i) << x[i], n[i] - std::sqrt(n[i]), x[i], n[i] + std::sqrt(n[i]);
  Layer errors{Style::segments, "", {"x", name + "_low", "x_", name + "_high"}, bars, "#000000"};
  errors.line_width = 1.0;
  Layer points = xy_layer(Style::points, {"x", name}, {x, n}, std::move(title));
  points.color = "#000000";
  points.point_size = 0.8;
  return {std::move(errors), std::move(points)};
}

Eigen::VectorXd pulls(const Eigen::VectorXd& n, const Eigen::VectorXd& b, const Eigen::VectorXd& sigma) {
  if (b.size() != n.size() || (sigma.size() != 0 && sigma.size() != n.size())) {
    throw InputError(fmt::format("pulls: {} counts, {} expectations and {} errors", n.size(), b.size(), sigma.size()));
  }
  Eigen::VectorXd pull = Eigen::VectorXd::Zero(n.size());
  for (Index i = 0; i < n.size(); ++i) {
    const double variance = b[i] + (sigma.size() == 0 ? 0.0 : sigma[i] * sigma[i]);
    if (variance > 0) pull[i] = (n[i] - b[i]) / std::sqrt(variance);
  }
  return pull;
}

LowerPanel pull_panel(std::vector<Layer> layers, double x_lo, double x_hi, double largest) {
  const double reach = std::max(3.0, std::ceil(1.1 * largest));
  LowerPanel panel{.y = {.label = "pull", .range = Range{-reach, reach}}, .layers = std::move(layers)};
  Eigen::VectorXd x(2);
  x << x_lo, x_hi;
  Layer zero = xy_layer(Style::lines, {"x", "zero"}, {x, Eigen::VectorXd::Zero(2)});
  zero.color = "#000000";
  zero.line_width = 1.0;
  panel.layers.push_back(std::move(zero));
  return panel;
}

Layer image_layer(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Table& values, std::string value_name,
                  std::string title) {
  check_grid_axis(x, "x");
  check_grid_axis(y, "y");
  if (values.rows() != y.size() || values.cols() != x.size()) {
    throw InputError(fmt::format("image_layer: values are {}x{}; need y.size() x x.size() = {}x{}", values.rows(),
                                 values.cols(), y.size(), x.size()));
  }
  Layer layer;
  layer.style = Style::image;
  layer.title = std::move(title);
  layer.columns = {"x", "y", std::move(value_name)};
  layer.data.resize(x.size() * y.size(), 3);
  Index row = 0;
  for (Index i = 0; i < y.size(); ++i) {
    for (Index j = 0; j < x.size(); ++j, ++row) {
      layer.data(row, 0) = x(j);
      layer.data(row, 1) = y(i);
      layer.data(row, 2) = values(i, j);
    }
  }
  return layer;
}

Layer circle_layer(double cx, double cy, double r, std::string title, int segments) {
  if (segments < 3) throw InputError(fmt::format("circle_layer: {} segments; need at least 3", segments));
  if (!std::isfinite(cx) || !std::isfinite(cy) || !std::isfinite(r) || !(r > 0.0)) {
    throw InputError(fmt::format("circle_layer: centre ({}, {}) and radius {} must be finite, radius positive", cx, cy,
                                 r));
  }
  Layer layer;
  layer.style = Style::lines;
  layer.title = std::move(title);
  layer.columns = {"x", "y"};
  layer.data.resize(segments + 1, 2);
  for (int i = 0; i <= segments; ++i) {
    const double phi = 2.0 * std::numbers::pi * (i % segments) / segments;
    layer.data(i, 0) = cx + r * std::cos(phi);
    layer.data(i, 1) = cy + r * std::sin(phi);
  }
  return layer;
}

}  // namespace topae::report
