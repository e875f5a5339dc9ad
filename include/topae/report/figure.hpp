#pragma once
// FigureSpec: what one figure shows, as a value: a title, two axes, a colour bar, and layers
// of data drawn in order (later layers on top). write_figure (figure_writer.hpp) turns it
// into files: the data as CSV, a gnuplot script, a PNG and an SVG.
//
// Text (title, axis and colour-bar labels, layer titles) is shown literally by default;
// with `markup` it is read as gnuplot enhanced text (s_{YY}, x^2, {/Symbol q}).
//
// Each layer's style fixes the columns it needs, in this order:
//
//   lines, points, linespoints   x, y
//   colored_points               x, y, c       points coloured by c on the colour bar
//   histogram                    low, high, n  one box per bin [low, high) of height n
//   image                        x, y, v       a heat map: v at pixel centres (x, y) of a regular grid
//
// Layers build from plain vectors with the helpers of layers.hpp.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::report {

// segments: one line segment per row, from (x1, y1) to (x2, y2) (a barcode's bars).
enum class Style { lines, points, linespoints, colored_points, histogram, image, segments };

// "colored_points"
std::string_view to_string(Style style);
// The number of data columns a layer of this style has (2, 3 or 4).
int column_count(Style style);
// True for the styles drawn in the colours of the colour bar (colored_points, image).
bool uses_palette(Style style);

struct Range {
  double min = 0.0;
  double max = 1.0;
};

struct Axis {
  std::string label;
  std::optional<Range> range;  // none: fitted to the data
  bool log = false;            // logarithmic scale (the range, if given, must be positive)
};

struct ColorBar {
  std::string label;
  std::optional<Range> range;  // none: fitted to the data
  bool log = false;            // logarithmic colour scale, e.g. for losses over decades (values <= 0 are not drawn)
  // 0: a continuous palette; n > 0: n discrete colours of equal width over the range, e.g.
  // one per epoch snapshot 1..n with range [0.5, n + 0.5] so that each sits in the middle of its colour.
  int levels = 0;
  // Tic marks at these values with these labels (e.g. snapshot 1..5 labelled by its epoch);
  // empty: automatic tics.
  std::vector<std::pair<double, std::string>> tics;
};

// Where the legend goes: inside a corner of the plot, right of it (left of a colour bar), or
// in rows below or above it (clear of the data; below for dense scatter plots, above for
// figures with a lower panel, where below would sit between the panels).
enum class Legend { top_right, top_left, bottom_right, bottom_left, outside_right, below, above, none };

struct Layer {
  Style style = Style::points;
  std::string title;                 // legend entry; empty: not in the legend
  std::vector<std::string> columns;  // one name per data column: the CSV header
  Table data;                        // rows x column_count(style)
  std::string color;                 // "#rrggbb"; empty: the next colour of the cycle (palette styles ignore it)
  double point_size = 0.6;           // in units of gnuplot's default point size
  double line_width = 2.0;           // of lines and linespoints

  Index rows() const { return data.rows(); }
};

// A panel under the plot that shares its x axis: a ratio or pull panel. It has its own y axis
// and layers, and takes the x axis's label and tic labels; both panels show the figure's x range.
struct LowerPanel {
  Axis y;
  std::vector<Layer> layers;  // drawn in order, as the figure's; no palette styles
  double share = 0.3;         // of the figure's height, from the bottom edge to the panels' border (0.1 to 0.6)
};

struct FigureSpec {
  std::string title;
  Axis x;
  Axis y;
  ColorBar color_bar;             // shown when a layer uses the palette
  // x tic marks at these values with these labels (one per bar of a bar chart); empty: automatic.
  std::vector<std::pair<double, std::string>> x_tics;
  bool square = false;            // one unit on x as long as one unit on y (circles look round)
  Legend legend = Legend::top_right;
  bool markup = false;            // read text as gnuplot enhanced text
  int width = 800;                // pixels of the PNG; also the size of the SVG
  int height = 600;
  std::vector<Layer> layers;      // drawn in order: the last on top
  std::optional<LowerPanel> lower;  // none: one panel

  // Throws InputError saying what is wrong: no layers, a layer whose columns do not fit its
  // style or its data, no rows, a column name that cannot go in a CSV header (empty, or with
  // a comma, quote or line break), a colour not "#rrggbb", a size, range or level count out
  // of bounds (ranges finite with min < max, and min > 0 on a log scale). A lower panel needs
  // layers of its own and an x range, and does not go with a square figure, labelled x tics, a
  // colour bar, or a legend below or right of the plot.
  void validate() const;
  // One line, for logs and reports:
  // "'Loss map': colored_points 'test' (4000 rows), lines 'unit circle' (257 rows); x 'x' [-1.1, 1.1];
  //  y 'y' [-1.1, 1.1]; colour 'loss' log; square; 800x600"; a lower panel adds
  //  "; lower panel 0.3: histogram 'pull' (40 rows); y 'pull'" before the size.
  std::string description() const;
  // True if some layer is drawn in the colours of the colour bar.
  bool has_color_bar() const;
};

}  // namespace topae::report
