#pragma once
// write_figure: draws a FigureSpec with gnuplot, and leaves beside the pictures everything
// needed to draw them again. For the stem DIR/error_vs_angle it writes
//
//   DIR/error_vs_angle.csv   the data, a header row naming the columns, every double in its
//                            shortest round-trip form. If the layers differ in length, each
//                            layer has its own file: error_vs_angle.csv holds the first,
//                            error_vs_angle_layer2.csv the second, and so on. If they all
//                            have the same length, one file holds every layer's columns side
//                            by side; a name already used by an earlier layer gets the
//                            layer's number appended ("error_2").
//   DIR/error_vs_angle.gp    the gnuplot script, reading the CSV; edit it and rerun it from
//                            DIR with `gnuplot error_vs_angle.gp`.
//   DIR/error_vs_angle.png   width x height pixels (cairo, or libgd where cairo is missing).
//   DIR/error_vs_angle.svg   the same figure as vector graphics; byte-identical for the same
//                            figure and gnuplot version (no dates, no paths).
//
// The suffixes are appended to the stem (a stem "loss_k1.5" keeps its dot). DIR is created if
// missing. gnuplot runs once, in DIR, without init files (-d), display or network, with stdin
// from /dev/null; its output is captured, never printed.
//
// Nothing half-written is left at a final name: every file is first written under a
// temporary name beside it, and all four are renamed into place only after gnuplot
// succeeded. On failure the temporary files are removed and files from an earlier run are
// left as they were.
//
// Figures never cost a command its numbers. With figures switched off for the run
// (set_figures_enabled(false), the CLI's --no-figures) write_figure writes nothing; where
// gnuplot is not installed it writes the data and the script but no pictures (draw them later
// with `gnuplot NAME.gp` in DIR). Either way it returns normally, with empty paths for what it
// did not write, and counts the figure in skipped_figures() for the caller to report.
//
// Not safe to call for the same stem from two threads of one process at once.
#include <filesystem>
#include <string>
#include <vector>

#include "topae/report/figure.hpp"

namespace topae::report {

struct FigureOptions {
  std::string gnuplot = "gnuplot";  // the program: a name looked up in PATH, or a path
  double timeout_s = 60.0;          // gnuplot is killed after this long (must be positive)
};

struct FigureFiles {
  std::vector<std::filesystem::path> data;  // one CSV, or one per layer
  std::filesystem::path script;             // .gp
  std::filesystem::path png;
  std::filesystem::path svg;
};

void set_figures_enabled(bool enabled);
struct SkippedFigures {
  int count = 0;       // figures not drawn so far in this process
  std::string reason;  // why the last one was not
};
SkippedFigures skipped_figures();

// The files write_figure writes for `figure` at `stem` (the CSV list depends on the layers).
FigureFiles figure_files(const FigureSpec& figure, const std::filesystem::path& stem);

// Throws InputError if one of the files write_figure would write for `figure` at `stem`
// could not be written (check_output_path): for a command to check all its outputs first.
void check_figure_paths(const FigureSpec& figure, const std::filesystem::path& stem);

// Writes the four kinds of files (see above) and returns their paths (empty for files not
// written, see set_figures_enabled). Throws InputError (naming the stem) if the figure is
// invalid (FigureSpec::validate) or the stem names no file, and Error naming the stem if
// gnuplot fails (with gnuplot's message), times out, or produces no picture.
FigureFiles write_figure(const FigureSpec& figure, const std::filesystem::path& stem,
                         const FigureOptions& options = {});

// The gnuplot script write_figure writes for `figure` at `stem`: it names its files relative
// to the stem's folder, and lets the variables data_1, data_2, ..., png_file and svg_file,
// when set before it runs (gnuplot -e "png_file='x.png'" ...), override them.
std::string gnuplot_script(const FigureSpec& figure, const std::filesystem::path& stem);

// `text` as a gnuplot string literal: single-quoted (no backquote or macro substitution),
// quotes doubled, line breaks as "\n" pieces joined with '.', other control characters as spaces.
std::string gnuplot_quote(const std::string& text);

}  // namespace topae::report
