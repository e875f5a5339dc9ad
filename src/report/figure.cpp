#include "topae/report/figure.hpp"

#include <fmt/format.h>

#include <cmath>

#include "topae/core/error.hpp"

namespace topae::report {
namespace {

bool is_hex_colour(const std::string& s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

void check_range(const std::optional<Range>& range, bool log, const std::string& what) {
  if (!range) return;
  if (!std::isfinite(range->min) || !std::isfinite(range->max) || !(range->min < range->max)) {
    throw InputError(fmt::format("{} range [{}, {}] must be finite with min < max", what, range->min, range->max));
  }
  if (log && range->min <= 0.0) {
    throw InputError(fmt::format("{} range [{}, {}] must be positive on a log scale", what, range->min, range->max));
  }
}

std::string quoted_or_none(const std::string& s) { return s.empty() ? std::string() : fmt::format(" '{}'", s); }

std::string range_text(const std::optional<Range>& range) {
  return range ? fmt::format(" [{}, {}]", range->min, range->max) : std::string();
}

// `name` names the layer in messages: "layer 2", "lower panel layer 1".
void check_layer(const Layer& layer, const std::string& name) {
  const std::string where = name + quoted_or_none(layer.title);
  const auto needed = static_cast<std::size_t>(column_count(layer.style));
  if (layer.columns.size() != needed) {
    throw InputError(fmt::format("{}: style {} needs {} column names, has {}", where, to_string(layer.style), needed,
                                 layer.columns.size()));
  }
  if (static_cast<std::size_t>(layer.data.cols()) != needed) {
    throw InputError(fmt::format("{}: style {} needs {} data columns, has {}", where, to_string(layer.style), needed,
                                 layer.data.cols()));
  }
  if (layer.data.rows() == 0) throw InputError(where + ": no rows");
  for (const auto& column : layer.columns) {
    if (column.empty() || column.find_first_of(",\"\n\r") != std::string::npos) {
      throw InputError(fmt::format("{}: column name '{}' cannot be a CSV header (empty, or has a comma, quote "
                                   "or line break)",
                                   where, column));
    }
  }
  if (!layer.color.empty() && !is_hex_colour(layer.color)) {
    throw InputError(fmt::format("{}: colour '{}' is not of the form #rrggbb", where, layer.color));
  }
  if (!(std::isfinite(layer.point_size) && layer.point_size > 0.0)) {
    throw InputError(fmt::format("{}: point size {} must be positive", where, layer.point_size));
  }
  if (!(std::isfinite(layer.line_width) && layer.line_width > 0.0)) {
    throw InputError(fmt::format("{}: line width {} must be positive", where, layer.line_width));
  }
}

// "histogram 'pull' (40 rows), lines (2 rows)"
std::string layer_list(const std::vector<Layer>& layers) {
  std::string s;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    s += fmt::format("{}{}{} ({} rows)", i == 0 ? "" : ", ", to_string(layers[i].style), quoted_or_none(layers[i].title),
                     layers[i].rows());
  }
  return s;
}

}  // namespace

std::string_view to_string(Style style) {
  switch (style) {
    case Style::lines: return "lines";
    case Style::points: return "points";
    case Style::linespoints: return "linespoints";
    case Style::colored_points: return "colored_points";
    case Style::histogram: return "histogram";
    case Style::image: return "image";
    case Style::segments: return "segments";
  }
  return "?";
}

int column_count(Style style) {
  switch (style) {
    case Style::lines:
    case Style::points:
    case Style::linespoints: return 2;
    case Style::colored_points:
    case Style::histogram:
    case Style::image: return 3;
    case Style::segments: return 4;
  }
  return 0;
}

bool uses_palette(Style style) { return style == Style::colored_points || style == Style::image; }

bool FigureSpec::has_color_bar() const {
  for (const auto& layer : layers) {
    if (uses_palette(layer.style)) return true;
  }
  return false;
}

void FigureSpec::validate() const {
  if (layers.empty()) throw InputError("figure has no layers");
  if (width < 100 || width > 10000 || height < 100 || height > 10000) {
    throw InputError(fmt::format("figure size {}x{} is out of bounds (100 to 10000 pixels each way)", width, height));
  }
  check_range(x.range, x.log, "x");
  check_range(y.range, y.log, "y");
  check_range(color_bar.range, color_bar.log, "colour bar");
  if (color_bar.levels < 0 || color_bar.levels > 256) {
    throw InputError(fmt::format("colour bar levels {} out of bounds (0 to 256)", color_bar.levels));
  }
  for (const auto& [axis, tics] : {std::pair{"x", &x_tics}, {"colour bar", &color_bar.tics}}) {
    for (const auto& [value, label] : *tics)
      if (!std::isfinite(value)) throw InputError(fmt::format("{} tic '{}' at {} must be finite", axis, label, value));
  }
  for (std::size_t i = 0; i < layers.size(); ++i) check_layer(layers[i], fmt::format("layer {}", i + 1));
  if (!lower) return;
  if (lower->layers.empty()) throw InputError("lower panel has no layers");
  if (!(lower->share >= 0.1 && lower->share <= 0.6)) {
    throw InputError(fmt::format("lower panel share {} out of bounds (0.1 to 0.6 of the height)", lower->share));
  }
  check_range(lower->y.range, lower->y.log, "lower panel y");
  for (std::size_t i = 0; i < lower->layers.size(); ++i) {
    const Layer& layer = lower->layers[i];
    check_layer(layer, fmt::format("lower panel layer {}", i + 1));
    if (uses_palette(layer.style)) {
      throw InputError(fmt::format("lower panel layer {}: style {} needs a colour bar, which a lower panel does not have",
                                   i + 1, to_string(layer.style)));
    }
  }
  // Both panels must show one x range, and the margins are fixed so that their x axes align.
  if (!x.range) throw InputError("a figure with a lower panel needs an x range (both panels show it)");
  if (square) throw InputError("a figure with a lower panel cannot be square");
  if (!x_tics.empty()) throw InputError("a figure with a lower panel takes no labelled x tics");
  if (has_color_bar()) throw InputError("a figure with a lower panel takes no colour bar");
  if (legend == Legend::below || legend == Legend::outside_right) {
    throw InputError("a figure with a lower panel takes its legend inside the plot or above it, not below or right");
  }
}

std::string FigureSpec::description() const {
  std::string s = title.empty() ? std::string("untitled") : fmt::format("'{}'", title);
  s += ": " + layer_list(layers);
  const auto axis = [](const char* name, const Axis& a) {
    return fmt::format("; {}{}{}{}", name, quoted_or_none(a.label), range_text(a.range), a.log ? " log" : "");
  };
  s += axis("x", x);
  s += axis("y", y);
  if (has_color_bar()) {
    s += fmt::format("; colour{}{}{}", quoted_or_none(color_bar.label), range_text(color_bar.range),
                     color_bar.log ? " log" : "");
    if (color_bar.levels > 0) s += fmt::format(" {} levels", color_bar.levels);
  }
  if (square) s += "; square";
  if (lower) s += fmt::format("; lower panel {}: {}{}", lower->share, layer_list(lower->layers), axis("y", lower->y));
  s += fmt::format("; {}x{}", width, height);
  return s;
}

}  // namespace topae::report
