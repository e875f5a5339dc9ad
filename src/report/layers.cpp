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

Binning Binning::uniform(int bins, double low, double high) {
  if (bins < 1) throw InputError(fmt::format("Binning::uniform: {} bins; need at least 1", bins));
  if (!std::isfinite(low) || !std::isfinite(high) || !(low < high)) {
    throw InputError(fmt::format("Binning::uniform: range [{}, {}] must be finite with low < high", low, high));
  }
  Binning b;
  b.edges.resize(static_cast<std::size_t>(bins) + 1);
  for (int i = 0; i <= bins; ++i) b.edges[static_cast<std::size_t>(i)] = low + (high - low) * i / bins;
  b.edges.back() = high;
  return b;
}

Index Binning::find(double value) const {
  if (!(value >= edges.front() && value <= edges.back())) return -1;  // also NaN
  if (value == edges.back()) return bins() - 1;
  const auto it = std::upper_bound(edges.begin(), edges.end(), value);
  return static_cast<Index>(it - edges.begin()) - 1;
}

void Binning::validate() const {
  if (edges.size() < 2) throw InputError(fmt::format("binning has {} edges; need at least 2", edges.size()));
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (!std::isfinite(edges[i])) throw InputError(fmt::format("binning edge {} is {}", i, edges[i]));
    if (i > 0 && !(edges[i - 1] < edges[i])) {
      throw InputError(fmt::format("binning edges must increase: edge {} = {}, edge {} = {}", i - 1, edges[i - 1], i,
                                   edges[i]));
    }
  }
}

Layer histogram_layer(const Eigen::VectorXd& sample, const Binning& binning, std::string name, std::string title) {
  binning.validate();
  Layer layer;
  layer.style = Style::histogram;
  layer.title = std::move(title);
  layer.columns = {name + "_low", name + "_high", "count"};
  const Index bins = binning.bins();
  layer.data = Table::Zero(bins, 3);
  for (Index i = 0; i < bins; ++i) {
    layer.data(i, 0) = binning.edges[static_cast<std::size_t>(i)];
    layer.data(i, 1) = binning.edges[static_cast<std::size_t>(i) + 1];
  }
  for (Index k = 0; k < sample.size(); ++k) {
    const Index bin = binning.find(sample(k));
    if (bin >= 0) layer.data(bin, 2) += 1.0;
  }
  return layer;
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
