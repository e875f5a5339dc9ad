#include "topae/report/latent_viewer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "topae/analysis/score_columns.hpp"
#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"
#include "topae/report/html_text.hpp"

namespace topae::report {
namespace {

// `value` rounded to 4 significant digits, so that the page carries short numbers.
double round4(double value) { return std::stod(fmt::format("{:.4g}", value)); }

// The rounded values of column j at `rows`.
std::vector<double> column_at(const data::Dataset& table, int j, const std::vector<Index>& rows) {
  std::vector<double> out;
  out.reserve(rows.size());
  for (const Index i : rows) out.push_back(round4(table.values(i, j)));
  return out;
}

// The column that colours the points by default: the first truth column but `epoch`.
std::string default_color(const data::Dataset& table) {
  for (const auto& name : table.truth)
    if (name != "epoch") return name;
  return "";
}

}  // namespace

nlohmann::ordered_json latent_viewer_data(const std::filesystem::path& csv, const LatentViewerOptions& options) {
  if (options.max_points < 1) throw InputError(csv, "the viewer's point limit must be at least 1");
  const data::Dataset table = data::read_table(csv);
  const int epoch = table.column_index("epoch");
  if (epoch < 0) throw InputError(csv, "no column 'epoch': not a latent_snapshots table");
  std::vector<int> z;  // the columns z_1, z_2, ...
  while (true) {
    const int j = table.column_index(analysis::latent_column(static_cast<Index>(z.size()) + 1));
    if (j < 0) break;
    z.push_back(j);
  }
  if (z.empty())
    throw InputError(csv, fmt::format("no latent column {}: not a latent_snapshots table", analysis::latent_column(1)));
  const std::string color = options.color.empty() ? default_color(table) : options.color;
  const int c = color.empty() ? -1 : table.column_index(color);
  if (!color.empty() && c < 0)
    throw InputError(csv, fmt::format("no column '{}' to colour the latent codes by (columns: {})", color,
                                      fmt::join(table.columns, ", ")));

  // The rows of each epoch, epochs in the order they first appear.
  std::vector<double> epochs;
  std::vector<std::vector<Index>> rows;
  std::map<double, std::size_t> frame_of;
  for (Index i = 0; i < table.n_events(); ++i) {
    const auto [it, added] = frame_of.try_emplace(table.values(i, epoch), epochs.size());
    if (added) {
      epochs.push_back(table.values(i, epoch));
      rows.emplace_back();
    }
    rows[it->second].push_back(i);
  }
  std::size_t points = 0;
  for (const auto& r : rows) points = std::max(points, r.size());
  const auto step =
      static_cast<std::size_t>((static_cast<Index>(points) + options.max_points - 1) / options.max_points);
  for (auto& r : rows) {
    std::vector<Index> kept;
    for (std::size_t i = 0; i < r.size(); i += step) kept.push_back(r[i]);
    r = std::move(kept);
  }

  std::vector<std::vector<double>> colors;
  for (const auto& r : rows) colors.push_back(c < 0 ? std::vector<double>{} : column_at(table, c, r));
  bool shared = true;
  for (const auto& values : colors) shared = shared && values == colors.front();

  nlohmann::ordered_json frames = nlohmann::ordered_json::array();
  for (std::size_t f = 0; f < rows.size(); ++f) {
    nlohmann::ordered_json frame;
    frame["z"] = nlohmann::ordered_json::array();
    for (std::size_t d = 0; d < std::min<std::size_t>(z.size(), 2); ++d)
      frame["z"].push_back(column_at(table, z[d], rows[f]));
    if (c >= 0 && !shared) frame["c"] = colors[f];
    frames.push_back(std::move(frame));
  }
  nlohmann::ordered_json out;
  out["k"] = z.size();
  out["z_columns"] = analysis::latent_columns(static_cast<Index>(std::min<std::size_t>(z.size(), 2)));
  out["color"] = c < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(color);
  out["points"] = points;
  out["step"] = step;
  out["epochs"] = epochs;
  out["c"] = c >= 0 && shared ? nlohmann::ordered_json(colors.front()) : nlohmann::ordered_json(nullptr);
  out["frames"] = std::move(frames);
  return out;
}

std::string latent_viewer_html(const nlohmann::ordered_json& data, const std::string& caption, const std::string& id) {
  const auto& epochs = data.at("epochs");
  const std::size_t last = epochs.empty() ? 0 : epochs.size() - 1;
  const std::string shown = epochs.empty() ? "" : fmt::format("epoch {}", epochs.back().get<double>());
  const std::size_t k = data.at("k").get<std::size_t>();
  const std::string color = data.at("color").is_string() ? data.at("color").get<std::string>() : "";
  const std::string z1 = analysis::latent_column(1), z2 = analysis::latent_column(2);
  std::string plotted = k == 1 ? fmt::format("{} against {}", z1, color.empty() ? "the probe point" : color)
                               : fmt::format("{} against {}{}{}", z2, z1, color.empty() ? "" : ", coloured by ", color);
  if (k > 2) plotted += fmt::format(" (of {}..{})", z1, analysis::latent_column(static_cast<Index>(k)));
  const auto points = data.at("points").get<std::size_t>();
  const auto step = data.at("step").get<std::size_t>();
  const std::string sample =
      step == 1 ? fmt::format("{} probe points", points)
                : fmt::format("{} of the {} probe points (one in {})", (points + step - 1) / step, points, step);

  std::string html = fmt::format("<figure class=\"latent-viewer\" id=\"{}\">\n", html_escape(id));
  html += fmt::format("<canvas width=\"640\" height=\"440\" aria-label=\"{}\"></canvas>\n", html_escape(plotted));
  html += fmt::format(
      "<div class=\"controls\"><label>epoch <input type=\"range\" min=\"0\" max=\"{}\" step=\"1\" "
      "value=\"{}\"></label> "
      "<output>{}</output></div>\n",
      last, last, html_escape(shown));
  html += fmt::format("<figcaption>{}: {}; {}, {} epochs recorded.</figcaption>\n", html_escape(caption),
                      html_escape(plotted), sample, epochs.size());
  html += "<script type=\"application/json\">" + script_json(data) + "</script>\n</figure>\n";
  return html;
}

std::string_view latent_viewer_script() {
  // Plain ES5 without dependencies; the canvas keeps its pixel size and CSS scales it down.
  static constexpr std::string_view kScript = R"js(
(function () {
  "use strict";
  var VIRIDIS = [[68, 1, 84], [72, 36, 117], [65, 68, 135], [53, 95, 141], [42, 120, 142], [33, 145, 140],
                 [34, 168, 132], [68, 191, 112], [122, 209, 81], [189, 223, 38], [253, 231, 37]];
  function ramp(t) {
    t = t > 0 ? Math.min(t, 1) : 0;
    var s = t * (VIRIDIS.length - 1), i = Math.min(Math.floor(s), VIRIDIS.length - 2), f = s - i;
    var a = VIRIDIS[i], b = VIRIDIS[i + 1];
    return "rgb(" + Math.round(a[0] + f * (b[0] - a[0])) + "," + Math.round(a[1] + f * (b[1] - a[1])) + "," +
           Math.round(a[2] + f * (b[2] - a[2])) + ")";
  }
  // [min, max] over several arrays, widened by `pad` of the span on each side.
  function extent(lists, pad) {
    var lo = Infinity, hi = -Infinity;
    lists.forEach(function (v) {
      for (var i = 0; i < v.length; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i]; }
    });
    if (!(lo <= hi)) { lo = 0; hi = 1; }
    if (lo === hi) { lo -= 0.5; hi += 0.5; }
    var d = pad * (hi - lo);
    return [lo - d, hi + d];
  }
  // About five round tick values inside [lo, hi].
  function ticks(lo, hi) {
    var raw = (hi - lo) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    var step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
    var digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9)), out = [];
    for (var i = Math.ceil(lo / step); i * step <= hi + 1e-9 * step; i++) out.push((i === 0 ? 0 : i * step).toFixed(digits));
    return out;
  }
  function label(v) { return String(Number(v.toPrecision(4))); }
  function setup(root) {
    var data = JSON.parse(root.querySelector("script[type='application/json']").textContent);
    var canvas = root.querySelector("canvas"), slider = root.querySelector("input");
    var shown = root.querySelector("output");
    var ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height, k = data.k;
    function colors(f) { return data.frames[f].c || data.c; }
    function xs(f) {
      if (k >= 2) return data.frames[f].z[0];
      var c = colors(f);
      if (c) return c;
      var n = data.frames[f].z[0].length, index = [];
      for (var i = 0; i < n; i++) index.push(i * data.step + 1);
      return index;
    }
    function ys(f) { return data.frames[f].z[k >= 2 ? 1 : 0]; }
    var all = data.frames.map(function (_, f) { return f; });
    var xr = extent(all.map(xs), 0.04), yr = extent(all.map(ys), 0.04);
    var hasColor = data.color !== null, cr = hasColor ? extent(all.map(colors), 0) : null;
    var xname = k >= 2 ? data.z_columns[0] : (data.color || "probe point"), yname = data.z_columns[k >= 2 ? 1 : 0];
    var box = {l: 64, r: W - (hasColor ? 92 : 16), t: 14, b: H - 48};
    function px(x) { return box.l + (x - xr[0]) / (xr[1] - xr[0]) * (box.r - box.l); }
    function py(y) { return box.b - (y - yr[0]) / (yr[1] - yr[0]) * (box.b - box.t); }
    function axes() {
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, W, H);
      ctx.strokeStyle = "#888";
      ctx.lineWidth = 1;
      ctx.strokeRect(box.l + 0.5, box.t + 0.5, box.r - box.l, box.b - box.t);
      ctx.fillStyle = "#222";
      ctx.font = "12px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ticks(xr[0], xr[1]).forEach(function (t) {
        var x = Math.round(px(Number(t))) + 0.5;
        ctx.beginPath(); ctx.moveTo(x, box.b); ctx.lineTo(x, box.b + 5); ctx.stroke();
        ctx.fillText(t, x, box.b + 7);
      });
      ctx.fillText(xname, (box.l + box.r) / 2, box.b + 26);
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      ticks(yr[0], yr[1]).forEach(function (t) {
        var y = Math.round(py(Number(t))) + 0.5;
        ctx.beginPath(); ctx.moveTo(box.l - 5, y); ctx.lineTo(box.l, y); ctx.stroke();
        ctx.fillText(t, box.l - 7, y);
      });
      ctx.save();
      ctx.translate(16, (box.t + box.b) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center";
      ctx.fillText(yname, 0, 0);
      ctx.restore();
      if (!hasColor) return;
      var x0 = box.r + 24, h = box.b - box.t;
      for (var j = 0; j < h; j++) {
        ctx.fillStyle = ramp(j / (h - 1));
        ctx.fillRect(x0, box.b - j - 1, 14, 1);
      }
      ctx.strokeRect(x0 + 0.5, box.t + 0.5, 14, h);
      ctx.fillStyle = "#222";
      ctx.textAlign = "left";
      ctx.fillText(label(cr[1]), x0 + 18, box.t + 6);
      ctx.fillText(label(cr[0]), x0 + 18, box.b - 6);
      ctx.save();
      ctx.translate(x0 + 30, (box.t + box.b) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center";
      ctx.fillText(data.color, 0, 12);
      ctx.restore();
    }
    function draw(f) {
      axes();
      var x = xs(f), y = ys(f), c = colors(f);
      for (var i = 0; i < x.length; i++) {
        ctx.fillStyle = c ? ramp((c[i] - cr[0]) / (cr[1] - cr[0])) : "#1f77b4";
        ctx.beginPath();
        ctx.arc(px(x[i]), py(y[i]), 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
      shown.textContent = "epoch " + data.epochs[f];
      canvas.setAttribute("data-drawn", String(x.length));
    }
    slider.addEventListener("input", function () { draw(Number(slider.value)); });
    draw(Number(slider.value));
  }
  Array.prototype.forEach.call(document.querySelectorAll(".latent-viewer"), setup);
})();
)js";
  return kScript;
}

}  // namespace topae::report
