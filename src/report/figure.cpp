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
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    const std::string where = fmt::format("layer {}{}", i + 1, quoted_or_none(layer.title));
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
    for (const auto& name : layer.columns) {
      if (name.empty() || name.find_first_of(",\"\n\r") != std::string::npos) {
        throw InputError(fmt::format("{}: column name '{}' cannot be a CSV header (empty, or has a comma, quote "
                                     "or line break)",
                                     where, name));
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
}

std::string FigureSpec::description() const {
  std::string s = title.empty() ? std::string("untitled") : fmt::format("'{}'", title);
  s += ":";
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    s += fmt::format("{} {}{} ({} rows)", i == 0 ? "" : ",", to_string(layer.style), quoted_or_none(layer.title),
                     layer.rows());
  }
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
  s += fmt::format("; {}x{}", width, height);
  return s;
}

}  // namespace topae::report
