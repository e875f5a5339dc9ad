#pragma once
// The latent-space viewer of the HTML report: the probe points' latent codes at each
// snapshot epoch of a training run (a latent_snapshots.csv), drawn on a <canvas> by a small
// inline script, with a slider over the recorded epochs.
//
// The CSV has a column `epoch`, truth columns (theta, phi, ...) and the latent code z_1..z_k,
// one row per probe point per snapshot epoch. The viewer plots, at one epoch,
//
//   k = 1    z_1 against the colour column (the angle the code should follow)
//   k >= 2   z_2 against z_1, each point coloured by the colour column (a viridis ramp)
//
// The data travel in the page as compact JSON (latent_viewer_data), every value rounded to
// 4 significant digits; latent_viewer_html places them with the canvas and the slider, and
// latent_viewer_script draws every viewer of the page.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "topae/core/matrix.hpp"

namespace topae::report {

struct LatentViewerOptions {
  // The column that colours the points (and is the x axis for k = 1); empty: the first truth
  // column other than `epoch`, or none (k = 1 then plots z_1 against the probe point's number).
  std::string color;
  // At most this many probe points per epoch: every m-th one is kept beyond it.
  Index max_points = 2000;
};

// The snapshots of `csv` as the viewer's JSON:
//   {"k": latent dimension, "z_columns": the plotted columns ["z_1"] or ["z_1", "z_2"] (the
//    axis names), "color": column or null, "points": probe points per epoch in the file,
//    "step": m (every m-th point kept), "epochs": [...], "c": colour values (null if none),
//    "frames": [{"z": [[z_1...]] (k = 1) or [[z_1...], [z_2...]] (k >= 2)}, ...]}
// A frame carries its own "c" when the colour values differ between epochs.
// Throws InputError naming the file if it cannot be read as a table (data/table_io.hpp), has no
// column `epoch` or z_1, or has no column `options.color`.
nlohmann::ordered_json latent_viewer_data(const std::filesystem::path& csv, const LatentViewerOptions& options = {});

// One viewer as an HTML <figure>: the canvas, the slider (starting at the last epoch), the
// epoch shown, `caption` (plain text, escaped here) and the data. `id` must be unique in the page.
std::string latent_viewer_html(const nlohmann::ordered_json& data, const std::string& caption, const std::string& id);

// The script that draws every viewer of the page (once, at the end of <body>). Each viewer's
// canvas gets data-drawn="N", the number of points drawn at the epoch shown.
std::string_view latent_viewer_script();

}  // namespace topae::report
