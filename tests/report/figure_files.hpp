// Helpers for the report tests: reading back what write_figure wrote, and the example
// figures of each kind the study needs.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "topae/report/figure.hpp"
#include "topae/report/layers.hpp"

namespace topae::test {

struct PngSize {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

// The size in the IHDR chunk; fails the test if the file does not start with the PNG
// signature followed by IHDR.
inline PngSize png_size(const std::filesystem::path& path) {
  const std::string bytes = read_text(path);
  const std::string signature = "\x89PNG\r\n\x1a\n";
  EXPECT_GE(bytes.size(), 24u) << path;
  if (bytes.size() < 24) return {};
  EXPECT_EQ(bytes.substr(0, 8), signature) << path;
  EXPECT_EQ(bytes.substr(12, 4), "IHDR") << path;
  const auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

// Occurrences of `needle` in `text`.
inline std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

// True if the text looks like an SVG document: an XML declaration or <svg> first, </svg> last.
inline bool looks_like_svg(const std::string& text) {
  auto end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return false;
  const bool starts = text.rfind("<?xml", 0) == 0 || text.rfind("<svg", 0) == 0;
  const bool ends = end + 1 >= 6 && text.compare(end + 1 - 6, 6, "</svg>") == 0;
  return starts && ends && text.find("<svg") != std::string::npos;
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
};

// A CSV as written by write_figure: a header row, then doubles (from_chars, so exact).
inline Csv read_figure_csv(const std::filesystem::path& path) {
  const std::string text = read_text(path);
  Csv csv;
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    std::vector<std::string> fields;
    std::size_t f = 0;
    for (;;) {
      const auto comma = line.find(',', f);
      fields.push_back(line.substr(f, comma == std::string::npos ? std::string::npos : comma - f));
      if (comma == std::string::npos) break;
      f = comma + 1;
    }
    if (first) {
      csv.header = fields;
      first = false;
      continue;
    }
    std::vector<double> row;
    for (const auto& field : fields) {
      double v = 0.0;
      const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
      EXPECT_TRUE(ec == std::errc() && ptr == field.data() + field.size()) << path << ": field '" << field << "'";
      row.push_back(v);
    }
    csv.rows.push_back(row);
  }
  return csv;
}

// Point i of the R2 low-discrepancy sequence in [0,1)^2: evenly spread, deterministic.
inline std::pair<double, double> r2(int i) {
  constexpr double g = 1.32471795724474602596;  // the plastic number
  const double a = std::fmod(0.5 + i / g, 1.0);
  const double b = std::fmod(0.5 + i / (g * g), 1.0);
  return {a, b};
}

// Error against angle for three seeds, each with its seam somewhere else (lines).
inline report::FigureSpec error_vs_angle_figure() {
  report::FigureSpec fig;
  fig.title = "Reconstruction error on the circle, latent dimension 1";
  fig.x = {"angle θ (rad)", report::Range{0.0, 2.0 * std::numbers::pi}, false};
  fig.y = {"squared error", std::nullopt, true};
  const int n = 200;
  const double seams[] = {1.0, 2.6, 4.4};
  for (int s = 0; s < 3; ++s) {
    Eigen::VectorXd theta(n), error(n);
    for (int i = 0; i < n; ++i) {
      theta(i) = 2.0 * std::numbers::pi * i / n;
      const double d = std::remainder(theta(i) - seams[s], 2.0 * std::numbers::pi);
      error(i) = 1e-4 * (1.0 + 0.5 * std::sin(3.0 * theta(i) + s)) + 4.0 * std::exp(-d * d / 0.002);
    }
    fig.layers.push_back(report::xy_layer(report::Style::lines, {"theta", "error"}, {theta, error},
                                          "seed " + std::to_string(s + 1)));
  }
  return fig;
}

// Test points over [-1,1]^2 coloured by log loss, the unit circle and training points on top
// (colored_points + lines + points, three lengths: one CSV per layer).
inline report::FigureSpec loss_map_figure(int n_test = 2000) {
  report::FigureSpec fig;
  fig.title = "Circle autoencoder, latent dimension 2";
  fig.x = {"x", report::Range{-1.1, 1.1}, false};
  fig.y = {"y", report::Range{-1.1, 1.1}, false};
  fig.color_bar = {"loss", std::nullopt, true, 0, {}};
  fig.square = true;
  fig.legend = report::Legend::below;
  Eigen::VectorXd x(n_test), y(n_test), loss(n_test);
  for (int i = 0; i < n_test; ++i) {
    const auto [a, b] = r2(i);
    x(i) = 2.0 * a - 1.0;
    y(i) = 2.0 * b - 1.0;
    const double r = std::hypot(x(i), y(i));
    // Small on the circle, large in the corners, a bump inside where the decoder is unsure.
    loss(i) = 1e-5 + 0.3 * std::pow(std::max(r - 1.0, 0.0), 3) +
              4e-3 * std::exp(-((x(i) + 0.3) * (x(i) + 0.3) + (y(i) + 0.3) * (y(i) + 0.3)) / 0.08);
  }
  fig.layers.push_back(
      report::xy_layer(report::Style::colored_points, {"x", "y", "loss"}, {x, y, loss}, "test points"));
  fig.layers.push_back(report::circle_layer(0.0, 0.0, 1.0, "unit circle"));
  fig.layers.back().color = "#000000";
  const int n_train = 60;
  Eigen::VectorXd tx(n_train), ty(n_train);
  for (int i = 0; i < n_train; ++i) {
    const double phi = 2.0 * std::numbers::pi * (i + 0.5) / n_train;
    tx(i) = 1.0 * std::cos(phi);
    ty(i) = 1.0 * std::sin(phi);
  }
  fig.layers.push_back(report::xy_layer(report::Style::points, {"x", "y"}, {tx, ty}, "training data"));
  fig.layers.back().color = "#d62728";
  fig.layers.back().point_size = 0.5;
  return fig;
}

// The latent codes of the training set at five epochs, coloured by epoch (discrete palette).
inline report::FigureSpec latent_figure() {
  report::FigureSpec fig;
  fig.title = "Latent space during training";
  fig.x = {"z_1", std::nullopt, false};
  fig.y = {"z_2", std::nullopt, false};
  fig.markup = true;
  const int epochs[] = {1, 10, 50, 100, 400};
  fig.color_bar = {"epoch", report::Range{0.5, 5.5}, false, 5, {}};
  const int n = 150;
  Eigen::VectorXd z1(5 * n), z2(5 * n), snapshot(5 * n);
  for (int e = 0; e < 5; ++e) {
    const double spread = 0.15 + 0.2 * e;
    for (int i = 0; i < n; ++i) {
      const double phi = 2.0 * std::numbers::pi * i / n;
      z1(e * n + i) = spread * std::cos(phi) + 0.1 * e;
      z2(e * n + i) = spread * std::sin(phi) * (0.4 + 0.15 * e);
      snapshot(e * n + i) = e + 1;
    }
  }
  for (int e = 0; e < 5; ++e) fig.color_bar.tics.emplace_back(e + 1, std::to_string(epochs[e]));
  fig.layers.push_back(
      report::xy_layer(report::Style::colored_points, {"z1", "z2", "snapshot"}, {z1, z2, snapshot}));
  return fig;
}

// Where the seam lies, over 60 seeds (histogram).
inline report::FigureSpec seam_histogram_figure() {
  report::FigureSpec fig;
  fig.title = "Seam angle over 60 seeds";
  fig.x = {"seam angle (rad)", report::Range{-std::numbers::pi, std::numbers::pi}, false};
  fig.y = {"seeds", std::nullopt, false};
  Eigen::VectorXd seams(60);
  for (int i = 0; i < 60; ++i) seams(i) = std::numbers::pi * (2.0 * r2(i).first - 1.0);
  analysis::Histogram binned(12, -std::numbers::pi, std::numbers::pi);
  binned.fill(seams);
  fig.layers.push_back(report::histogram_layer(binned, "seam"));
  return fig;
}

// A spectrum over its expectation with a pull panel underneath: 40 bins of b_i = 400 exp(-i / 10)
// with counts a deterministic wiggle about it (two panels).
inline report::FigureSpec spectrum_with_pulls_figure() {
  report::FigureSpec fig;
  fig.title = "Spectrum and pulls";
  fig.x = {"m (GeV)", report::Range{0.0, 40.0}, false};
  fig.y = {"events / 1 GeV", std::nullopt, false};
  Eigen::VectorXd centre(40), expected(40), observed(40);
  for (int i = 0; i < 40; ++i) {
    centre(i) = i + 0.5;
    expected(i) = 400.0 * std::exp(-i / 10.0);
    observed(i) = std::round(expected(i) + 2.0 * std::sqrt(expected(i)) * std::sin(i));
  }
  fig.layers.push_back(report::xy_layer(report::Style::points, {"m", "observed"}, {centre, observed}, "data"));
  fig.layers.push_back(report::xy_layer(report::Style::lines, {"m", "expected"}, {centre, expected}, "expected"));
  const Eigen::VectorXd pull = report::pulls(observed, expected);
  fig.lower = report::pull_panel({report::xy_layer(report::Style::points, {"m", "pull"}, {centre, pull})}, 0.0, 40.0,
                                 pull.cwiseAbs().maxCoeff());
  fig.legend = report::Legend::above;
  fig.height = 720;
  return fig;
}

// The loss of a decoder over a grid (image).
inline report::FigureSpec heat_map_figure() {
  report::FigureSpec fig;
  fig.title = "Loss over the plane";
  fig.x = {"x", std::nullopt, false};
  fig.y = {"y", std::nullopt, false};
  fig.color_bar = {"loss", std::nullopt, false, 0, {}};
  fig.square = true;
  const int nx = 48, ny = 40;
  Eigen::VectorXd gx(nx), gy(ny);
  for (int j = 0; j < nx; ++j) gx(j) = -1.2 + 2.4 * (j + 0.5) / nx;
  for (int i = 0; i < ny; ++i) gy(i) = -1.0 + 2.0 * (i + 0.5) / ny;
  Table v(ny, nx);
  for (int i = 0; i < ny; ++i) {
    for (int j = 0; j < nx; ++j) {
      const double r = std::hypot(gx(j), gy(i));
      v(i, j) = (r - 0.8) * (r - 0.8) + 0.1 * std::atan2(gy(i), gx(j)) / std::numbers::pi;
    }
  }
  fig.layers.push_back(report::image_layer(gx, gy, v, "loss"));
  return fig;
}

}  // namespace topae::test
