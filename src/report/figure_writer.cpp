#include "topae/report/figure_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>

#include "process.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/version.hpp"

namespace topae::report {
namespace {

namespace fs = std::filesystem;

// Viridis (matplotlib's perceptually uniform palette), sampled at 9 even steps.
constexpr const char* kViridis[] = {"#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c",
                                    "#28ae80", "#5ec962", "#addc30", "#fde725"};
// The colour cycle of layers without a colour of their own (matplotlib's tab10, first 8).
constexpr const char* kCycle[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                  "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
constexpr int kCycleLength = 8;

// Where each layer's columns live: data file (0-based) and the file column of its first column (1-based).
struct Placement {
  std::size_t file = 0;
  int first_column = 1;
};

struct DataFile {
  fs::path path;
  std::vector<std::size_t> layers;  // the layers it holds, in order
  std::vector<std::string> header;  // one name per column
};

// Every layer of `figure`: its own, then its lower panel's. Placements and data files index this list.
std::vector<const Layer*> all_layers(const FigureSpec& figure) {
  std::vector<const Layer*> layers;
  for (const auto& l : figure.layers) layers.push_back(&l);
  if (figure.lower) {
    for (const auto& l : figure.lower->layers) layers.push_back(&l);
  }
  return layers;
}

fs::path with_suffix(const fs::path& stem, const std::string& suffix) {
  fs::path p = stem;
  p += suffix;
  return p;
}

// The data files of `figure` and where each layer's columns are in them.
std::vector<DataFile> plan_data(const FigureSpec& figure, const fs::path& stem, std::vector<Placement>& placement) {
  const auto layers = all_layers(figure);
  std::vector<DataFile> files;
  placement.assign(layers.size(), Placement{});
  const bool same_lengths = std::all_of(layers.begin(), layers.end(),
                                        [&](const Layer* l) { return l->rows() == layers.front()->rows(); });
  if (same_lengths) {
    DataFile file{with_suffix(stem, ".csv"), {}, {}};
    std::set<std::string> used;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      placement[i] = Placement{0, static_cast<int>(file.header.size()) + 1};
      file.layers.push_back(i);
      for (const auto& name : layers[i]->columns) {
        std::string unique = name;
        if (used.count(unique) != 0) unique = fmt::format("{}_{}", name, i + 1);
        for (int k = 2; used.count(unique) != 0; ++k) unique = fmt::format("{}_{}_{}", name, i + 1, k);
        used.insert(unique);
        file.header.push_back(unique);
      }
    }
    files.push_back(std::move(file));
  } else {
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const std::string suffix = i == 0 ? ".csv" : fmt::format("_layer{}.csv", i + 1);
      files.push_back(DataFile{with_suffix(stem, suffix), {i}, layers[i]->columns});
      placement[i] = Placement{i, 1};
    }
  }
  return files;
}

std::string csv_text(const FigureSpec& figure, const DataFile& file) {
  fmt::memory_buffer out;
  for (std::size_t j = 0; j < file.header.size(); ++j) {
    fmt::format_to(std::back_inserter(out), "{}{}", j == 0 ? "" : ",", file.header[j]);
  }
  out.push_back('\n');
  const auto layers = all_layers(figure);
  const Index rows = layers[file.layers.front()]->rows();
  for (Index r = 0; r < rows; ++r) {
    bool first = true;
    for (const std::size_t l : file.layers) {
      const Table& data = layers[l]->data;
      for (Index c = 0; c < data.cols(); ++c) {
        if (!first) out.push_back(',');
        first = false;
        fmt::format_to(std::back_inserter(out), "{}", data(r, c));
      }
    }
    out.push_back('\n');
  }
  return fmt::to_string(out);
}

// `text` fit for a comment line: control characters as spaces, never ending in a backslash
// (gnuplot would join the next line to the comment).
std::string comment(const std::string& text) {
  std::string s = text;
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (!s.empty() && s.back() == '\\') s += ' ';
  return s;
}

std::string number(double v) { return fmt::format("{}", v); }

// Viridis at t in [0, 1], interpolated linearly between the stops, as "#rrggbb".
std::string viridis(double t) {
  const auto hex = [](const char* c, int at) { return std::stoi(std::string(c + at, 2), nullptr, 16); };
  const double x = std::clamp(t, 0.0, 1.0) * 8.0;
  const int i = std::min(static_cast<int>(x), 7);
  const double f = x - i;
  std::string out = "#";
  for (int at = 1; at <= 5; at += 2) {
    const double v = (1.0 - f) * hex(kViridis[i], at) + f * hex(kViridis[i + 1], at);
    out += fmt::format("{:02x}", static_cast<int>(std::lround(v)));
  }
  return out;
}

// The palette: viridis, continuous, or in `levels` sharp steps.
std::string palette_line(int levels) {
  std::string s = "set palette defined (";
  if (levels <= 0) {
    for (int i = 0; i < 9; ++i) s += fmt::format("{}{} '{}'", i == 0 ? "" : ", ", i, kViridis[i]);
  } else {
    for (int k = 0; k < levels; ++k) {
      const std::string c = viridis(levels == 1 ? 0.5 : static_cast<double>(k) / (levels - 1));
      s += fmt::format("{}{} '{}', {} '{}'", k == 0 ? "" : ", ", k, c, k + 1, c);
    }
  }
  return s + ")\n";
}

// A text option: the quoted text, marked noenhanced unless the figure asks for markup.
std::string text_arg(const FigureSpec& figure, const std::string& text) {
  return gnuplot_quote(text) + (figure.markup ? "" : " noenhanced");
}

// `("label" value, ...)`, the labels literal unless the figure reads markup.
std::string tic_list(const FigureSpec& figure, const std::vector<std::pair<double, std::string>>& tics) {
  std::string s = figure.markup ? "(" : "noenhanced (";
  for (std::size_t i = 0; i < tics.size(); ++i)
    s += fmt::format("{}{} {}", i == 0 ? "" : ", ", gnuplot_quote(tics[i].second), number(tics[i].first));
  return s + ")";
}

std::string axis_lines(const FigureSpec& figure, const char* name, const Axis& axis, bool zero_based) {
  std::string s;
  if (!axis.label.empty()) s += fmt::format("set {}label {}\n", name, text_arg(figure, axis.label));
  if (axis.range) {
    s += fmt::format("set {}range [{}:{}]\n", name, number(axis.range->min), number(axis.range->max));
  } else if (zero_based && !axis.log) {
    s += fmt::format("set {}range [0:*]\n", name);
  }
  if (axis.log) s += fmt::format("set logscale {0}\nset format {0} '10^{{%T}}'\n", name);
  return s;
}

std::string key_line(const FigureSpec& figure) {
  const bool any_title = std::any_of(figure.layers.begin(), figure.layers.end(),
                                     [](const Layer& l) { return !l.title.empty(); });
  if (!any_title || figure.legend == Legend::none) return "unset key\n";
  // Inside the plot: an opaque box over the data. Outside: no box, and (below) room between
  // the legend and the x label.
  const char* inside = "opaque box lc rgb '#bfbfbf' lw 1 samplen 2 spacing 1.25 width 1 height 0.5";
  const char* outside = "nobox samplen 2 spacing 1.25 width 1";
  switch (figure.legend) {
    case Legend::top_right: return fmt::format("set key inside top right {}\n", inside);
    case Legend::top_left: return fmt::format("set key inside top left {}\n", inside);
    case Legend::bottom_right: return fmt::format("set key inside bottom right {}\n", inside);
    case Legend::bottom_left: return fmt::format("set key inside bottom left {}\n", inside);
    case Legend::outside_right: return fmt::format("set key outside right top {}\n", outside);
    case Legend::below: return fmt::format("set key below center horizontal {} height 2\n", outside);
    case Legend::above: return fmt::format("set key above center horizontal Left reverse {}\n", outside);
    case Legend::none: break;
  }
  return "unset key\n";
}

std::string plot_clause(const FigureSpec& figure, const Layer& layer, const Placement& place, int& cycle) {
  const int c = place.first_column;
  const std::string source = fmt::format("data_{} skip 1", place.file + 1);
  std::string colour;
  if (!uses_palette(layer.style)) {
    if (!layer.color.empty()) {
      colour = fmt::format("lc rgb '{}'", layer.color);
    } else {
      colour = fmt::format("lc rgb '{}'", kCycle[cycle % kCycleLength]);
      ++cycle;
    }
  }
  const std::string ps = number(layer.point_size);
  const std::string lw = number(layer.line_width);
  std::string s;
  switch (layer.style) {
    case Style::lines:
      s = fmt::format("{} using {}:{} with lines lw {} {}", source, c, c + 1, lw, colour);
      break;
    case Style::points:
      s = fmt::format("{} using {}:{} with points pt 7 ps {} {}", source, c, c + 1, ps, colour);
      break;
    case Style::linespoints:
      s = fmt::format("{} using {}:{} with linespoints pt 7 ps {} lw {} {}", source, c, c + 1, ps, lw, colour);
      break;
    case Style::colored_points:
      s = fmt::format("{} using {}:{}:{} with points pt 7 ps {} lc palette", source, c, c + 1, c + 2, ps);
      break;
    case Style::histogram:
      s = fmt::format("{} using ((${}+${})/2):{}:(${}-${}) with boxes fs solid 0.75 border lc rgb '#303030' lw 1 {}",
                      source, c, c + 1, c + 2, c + 1, c, colour);
      break;
    case Style::image:
      s = fmt::format("{} using {}:{}:{} with image", source, c, c + 1, c + 2);
      break;
    case Style::segments:
      s = fmt::format("{} using {}:{}:(${}-${}):(${}-${}) with vectors nohead lw {} {}", source, c, c + 1, c + 2, c,
                      c + 3, c + 1, lw, colour);
      break;
  }
  s += layer.title.empty() ? std::string(" notitle") : " title " + text_arg(figure, layer.title);
  return s;
}

// "plot <layer>, <layer>, ...\n" for `layers`, whose placements start at placement[first].
std::string plot_command(const FigureSpec& figure, const std::vector<Layer>& layers,
                         const std::vector<Placement>& placement, std::size_t first) {
  std::string s;
  int cycle = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    s += i == 0 ? "plot " : ", \\\n     ";
    s += plot_clause(figure, layers[i], placement[first + i], cycle);
  }
  return s + "\n";
}

// The settings of a y axis from scratch: what the other panel set is undone first.
std::string panel_y_axis(const FigureSpec& figure, const Axis& axis, bool zero_based) {
  return "unset ylabel\nunset logscale y\nset autoscale y\nset format y '% h'\nset ytics autofreq\n" +
         axis_lines(figure, "y", axis, zero_based);
}

// The lower panel's y tics, 1, 2 or 5 times a power of ten apart, about five over its range,
// none within a third of a step of the top, where its label would run into the plot's lowest.
std::string lower_tics(const Axis& axis) {
  if (!axis.range || axis.log) return "";
  const double span = axis.range->max - axis.range->min;
  const double power = std::pow(10.0, std::floor(std::log10(span / 5)));
  double step = 10 * power;
  for (const double m : {1.0, 2.0, 5.0}) {
    if (m * power >= span / 5) {
      step = m * power;
      break;
    }
  }
  const double first = std::ceil(axis.range->min / step) * step;
  double last = std::floor(axis.range->max / step) * step;
  if (axis.range->max - last < step / 3) last -= step;
  return fmt::format("set ytics {}, {}, {}\n", number(first), number(step), number(last));
}

// The plot over its lower panel, as one multiplot. The margins left and right are fixed (in
// characters) so that the panels' x axes align; the panels meet at `share` of the height.
std::string two_panels(const FigureSpec& figure, const std::vector<Placement>& placement, bool histogram, int font) {
  const LowerPanel& lower = *figure.lower;
  const std::string border = number(lower.share);
  std::string s = "set multiplot\nset lmargin 10\nset rmargin 4\n";
  s += "\n# The plot: x tics without labels; the x label is the lower panel's.\n";
  s += fmt::format("set tmargin\nset bmargin at screen {}\nunset xlabel\nset format x ''\n", border);
  s += key_line(figure);
  s += figure.title.empty() ? "unset title\n"
                            : fmt::format("set title {} font ',{}'\n", text_arg(figure, figure.title), font + 2);
  s += panel_y_axis(figure, figure.y, histogram);
  s += histogram && !figure.y.range && !figure.y.log ? "set offsets 0, 0, graph 0.05, 0\n" : "set offsets 0, 0, 0, 0\n";
  s += plot_command(figure, figure.layers, placement, 0);
  s += "\n# The lower panel.\n";
  s += fmt::format("unset title\nunset key\nset tmargin at screen {}\nset bmargin\n", border);
  if (!figure.x.label.empty()) s += fmt::format("set xlabel {}\n", text_arg(figure, figure.x.label));
  s += figure.x.log ? "set format x '10^{%T}'\n" : "set format x '% h'\n";
  s += panel_y_axis(figure, lower.y, false) + lower_tics(lower.y);
  s += "set offsets 0, 0, 0, 0\n";
  s += plot_command(figure, lower.layers, placement, figure.layers.size());
  return s + "unset multiplot\n";
}

int font_size(const FigureSpec& figure) {
  const double scale = std::min(figure.width / 800.0, figure.height / 600.0);
  return std::max(7, static_cast<int>(std::lround(12.0 * scale)));
}

// gnuplot's complaint in one line: the lines it wrote, less the echoed command and its caret.
std::string gnuplot_message(const std::string& output) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= output.size()) {
    auto end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    std::string line = output.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    const bool caret = !line.empty() && line.find_first_not_of(" \t^") == std::string::npos;
    if (caret) {
      if (!lines.empty()) lines.pop_back();  // the echoed command the caret points into
    } else if (!line.empty()) {
      lines.push_back(line.substr(line.find_first_not_of(" \t")));
    }
    start = end + 1;
  }
  std::string message;
  for (const auto& line : lines) message += (message.empty() ? "" : "; ") + line;
  if (message.empty()) message = "no message";
  constexpr std::size_t kMax = 2000;
  if (message.size() > kMax) message = "..." + message.substr(message.size() - kMax);
  return message;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

void write_file(const fs::path& path, const std::string& text, const fs::path& stem) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw InputError(stem, fmt::format("cannot open {} for writing", path.string()));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw InputError(stem, fmt::format("cannot write {}", path.string()));
}

}  // namespace

std::string gnuplot_quote(const std::string& text) {
  std::string s = "'";
  for (const char c : text) {
    if (c == '\'') {
      s += "''";
    } else if (c == '\n') {
      s += "'.\"\\n\".'";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      s += ' ';
    } else {
      s += c;
    }
  }
  s += "'";
  return s;
}

namespace {

std::mutex g_skip_mutex;
bool g_figures_enabled = true;
SkippedFigures g_skipped;

void skip_figure(std::string reason) {
  const std::lock_guard lock(g_skip_mutex);
  ++g_skipped.count;
  g_skipped.reason = std::move(reason);
}

bool figures_enabled() {
  const std::lock_guard lock(g_skip_mutex);
  return g_figures_enabled;
}

}  // namespace

void set_figures_enabled(bool enabled) {
  const std::lock_guard lock(g_skip_mutex);
  g_figures_enabled = enabled;
}

SkippedFigures skipped_figures() {
  const std::lock_guard lock(g_skip_mutex);
  return g_skipped;
}

FigureFiles figure_files(const FigureSpec& figure, const fs::path& stem) {
  std::vector<Placement> placement;
  FigureFiles files;
  for (const auto& f : plan_data(figure, stem, placement)) files.data.push_back(f.path);
  files.script = with_suffix(stem, ".gp");
  files.png = with_suffix(stem, ".png");
  files.svg = with_suffix(stem, ".svg");
  return files;
}

void check_figure_paths(const FigureSpec& figure, const fs::path& stem) {
  const FigureFiles files = figure_files(figure, stem);
  for (const auto& f : files.data) check_output_path(f);
  for (const auto& f : {files.script, files.png, files.svg}) check_output_path(f);
}

std::string gnuplot_script(const FigureSpec& figure, const fs::path& stem) {
  std::vector<Placement> placement;
  const auto data = plan_data(figure, stem, placement);
  const std::string name = stem.filename().string();
  const auto local = [](const fs::path& p) { return p.filename().string(); };

  std::string s;
  s += fmt::format("# {}.gp: gnuplot script written by topae {}.\n", comment(name), version());
  s += fmt::format("# Draws {}.png and {}.svg from the CSV data beside it; edit it and rerun it in this\n",
                   comment(name), comment(name));
  s += fmt::format("# folder with:  gnuplot {}\n", comment(gnuplot_quote(name + ".gp")));
  s += fmt::format("# Figure: {}\n", comment(figure.description()));
  for (std::size_t f = 0; f < data.size(); ++f) {
    std::string columns;
    for (std::size_t j = 0; j < data[f].header.size(); ++j) {
      columns += fmt::format("{}{} {}", j == 0 ? "" : ", ", j + 1, data[f].header[j]);
    }
    s += fmt::format("# data_{} = {}: columns {}\n", f + 1, comment(local(data[f].path)), comment(columns));
  }
  s += "\n";
  for (std::size_t f = 0; f < data.size(); ++f) {
    s += fmt::format("if (!exists(\"data_{0}\")) data_{0} = {1}\n", f + 1, gnuplot_quote(local(data[f].path)));
  }
  s += fmt::format("if (!exists(\"png_file\")) png_file = {}\n", gnuplot_quote(name + ".png"));
  s += fmt::format("if (!exists(\"svg_file\")) svg_file = {}\n", gnuplot_quote(name + ".svg"));

  const int font = font_size(figure);
  s += "\nset encoding utf8\n";
  s += "set datafile separator comma\n";
  s += "set border 15 lw 1 lc rgb '#404040'\n";
  s += "set tics out nomirror scale 0.6 textcolor rgb '#262626' front\n";
  s += "set grid xtics ytics back lt 1 lw 1 lc rgb '#e3e3e3' dt solid\n";
  s += palette_line(figure.color_bar.levels);
  s += key_line(figure);

  s += "\n";
  if (!figure.title.empty()) {
    s += fmt::format("set title {} font ',{}'\n", text_arg(figure, figure.title), font + 2);
  }
  const bool histogram = std::any_of(figure.layers.begin(), figure.layers.end(),
                                     [](const Layer& l) { return l.style == Style::histogram; });
  const bool image = std::any_of(figure.layers.begin(), figure.layers.end(),
                                 [](const Layer& l) { return l.style == Style::image; });
  s += axis_lines(figure, "x", figure.x, false);
  // Labelled x tics are words (a bar chart's): slanted, so that long ones do not overlap.
  if (!figure.x_tics.empty()) s += fmt::format("set xtics rotate by -30 {}\n", tic_list(figure, figure.x_tics));
  s += axis_lines(figure, "y", figure.y, histogram);
  // Room above the tallest bar.
  if (histogram && !figure.y.range && !figure.y.log) s += "set offsets 0, 0, graph 0.05, 0\n";
  if (image) {
    // A heat map fills its frame: no margin beyond the outer pixels.
    if (!figure.x.range) s += "set autoscale xfix\n";
    if (!figure.y.range) s += "set autoscale yfix\n";
  }
  if (figure.square) s += "set size ratio -1\n";
  if (figure.has_color_bar()) {
    const ColorBar& cb = figure.color_bar;
    if (!cb.label.empty()) s += fmt::format("set cblabel {}\n", text_arg(figure, cb.label));
    if (cb.range) s += fmt::format("set cbrange [{}:{}]\n", number(cb.range->min), number(cb.range->max));
    if (cb.log) s += "set logscale cb\nset format cb '10^{%T}'\n";
    s += "set cbtics out nomirror scale 0.6\n";
    if (!cb.tics.empty()) s += fmt::format("set cbtics {}\n", tic_list(figure, cb.tics));
    s += "set colorbox vertical default\n";
  } else {
    s += "unset colorbox\n";
  }

  s += "\n";
  s += fmt::format(
      "if (strstrt(GPVAL_TERMINALS, ' pngcairo ') > 0) {{\n"
      "  set terminal pngcairo size {0},{1} enhanced font 'DejaVu Sans,{2}' background rgb '#ffffff'\n"
      "}} else {{\n"
      "  set terminal png size {0},{1} enhanced font 'DejaVu Sans,{2}' background '#ffffff'\n"
      "}}\n",
      figure.width, figure.height, font);
  s += "set output png_file\n";
  // One panel is plotted once and replotted for the SVG; replot does not redo a multiplot, so
  // two panels are drawn anew for each terminal.
  const std::string plots = figure.lower ? two_panels(figure, placement, histogram, font)
                                         : plot_command(figure, figure.layers, placement, 0);
  s += plots + "\n";
  s += fmt::format("set terminal svg size {},{} fixed enhanced font 'DejaVu Sans,{}' background rgb '#ffffff'\n",
                   figure.width, figure.height, font);
  s += "set output svg_file\n";
  s += figure.lower ? plots : "replot\n";
  s += "unset output\n";
  return s;
}

FigureFiles write_figure(const FigureSpec& figure, const fs::path& stem, const FigureOptions& options) {
  if (stem.filename().empty()) throw InputError(stem, "a figure's stem must name a file");
  if (!(options.timeout_s > 0.0)) {
    throw InputError(stem, fmt::format("gnuplot timeout {} s must be positive", options.timeout_s));
  }
  try {
    figure.validate();
  } catch (const InputError& e) {
    throw InputError(stem, e.what());
  }
  if (!figures_enabled()) {
    skip_figure("--no-figures");
    return {};
  }
  std::vector<Placement> placement;
  const auto data = plan_data(figure, stem, placement);
  FigureFiles files = figure_files(figure, stem);
  const fs::path dir = stem.parent_path();

  // Every file under a temporary name first; the destructors remove them unless committed.
  // Named ones, since gnuplot opens them; absolute, since gnuplot runs in the figure's folder.
  const auto named = [](const fs::path& target) { return std::make_unique<AtomicFile>(target, AtomicFile::Temporary::named); };
  const auto temp_name = [](const AtomicFile& f) { return fs::absolute(f.temp_path()).string(); };
  std::vector<std::unique_ptr<AtomicFile>> data_files;
  for (const auto& f : data) data_files.push_back(named(f.path));
  const auto script = named(files.script);
  const auto png = named(files.png);
  const auto svg = named(files.svg);

  for (std::size_t f = 0; f < data.size(); ++f) write_file(data_files[f]->temp_path(), csv_text(figure, data[f]), stem);
  write_file(script->temp_path(), gnuplot_script(figure, stem), stem);
  if (!detail::program_available(options.gnuplot)) {
    for (auto& f : data_files) f->commit();
    script->commit();
    skip_figure(fmt::format("gnuplot ('{}') is not installed; the data and a script for each figure are written, "
                            "draw them with `gnuplot NAME.gp` in its folder",
                            options.gnuplot));
    files.png.clear();
    files.svg.clear();
    return files;
  }

  std::string assignments;
  for (std::size_t f = 0; f < data.size(); ++f) {
    assignments += fmt::format("data_{} = {}; ", f + 1, gnuplot_quote(temp_name(*data_files[f])));
  }
  assignments += fmt::format("png_file = {}; svg_file = {}", gnuplot_quote(temp_name(*png)), gnuplot_quote(temp_name(*svg)));
  const std::vector<std::string> argv = {options.gnuplot, "-d", "-e", assignments, temp_name(*script)};

  detail::ProcessResult result;
  try {
    result = detail::run_process(argv, dir, options.timeout_s);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {} (gnuplot draws the figures; install gnuplot-nox or set the gnuplot program)",
                            stem.string(), e.what()));
  }
  if (!result.ok()) {
    std::string message = gnuplot_message(result.output);
    // Name the final files, not the temporary ones gnuplot saw.
    replace_all(message, temp_name(*script), files.script.filename().string());
    for (std::size_t f = 0; f < data.size(); ++f) {
      replace_all(message, temp_name(*data_files[f]), data[f].path.filename().string());
    }
    std::string how = result.timed_out ? fmt::format("timed out after {} s", options.timeout_s)
                      : result.signal != 0 ? fmt::format("killed by signal {}", result.signal)
                                           : fmt::format("exited with status {}", result.exit_status);
    throw Error(fmt::format("{}: gnuplot ('{}') {}: {}", stem.string(), options.gnuplot, how, message));
  }
  for (const AtomicFile* out : {png.get(), svg.get()}) {
    std::error_code ec;
    const auto size = fs::file_size(out->temp_path(), ec);
    if (ec || size == 0) {
      throw Error(fmt::format("{}: gnuplot ('{}') wrote no {}: {}", stem.string(), options.gnuplot,
                              out->target().extension().string(), gnuplot_message(result.output)));
    }
  }
  for (auto& f : data_files) f->commit();
  script->commit();
  png->commit();
  svg->commit();
  return files;
}

}  // namespace topae::report
