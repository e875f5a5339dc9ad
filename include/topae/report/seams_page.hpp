#pragma once
// What `topae seams` shows of its result (docs/cli.md, "topae seams"): scatter plots of the
// events in the data's columns with the seam events coloured by their seam score, and
// index.html, one self-contained page in the style of the report (html_report.hpp) with the
// numbers of seams.json, the table of seams and the figures.
//
// The page reads seams.json's keys (docs/formats.md); the figures take plain vectors.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/report/figure.hpp"

namespace topae::report {

// The pairs of columns of `values` that the figures show: of the three columns of largest
// variance (two if there are two), every pair, larger variances first: (1st, 2nd), (1st,
// 3rd), (2nd, 3rd). Ties go to the lower column. Needs at least 2 columns and 1 row.
std::vector<std::pair<Index, Index>> largest_variance_pairs(const Table& values);

// The events drawn per layer, at most: the rest are left out evenly (every m-th event).
inline constexpr Index kMaxSeamFigurePoints = 20'000;

struct SeamFigure {
  std::string stem;     // file stem in the output folder: "seams_<column>_<column>"
  std::string caption;
  FigureSpec figure;
};

// One figure per pair of largest_variance_pairs(values): every event in grey, the events on
// a seam coloured by seam score (log scale) over black discs at the seams' centres
// (`centres`, one row per seam, the columns of `values`). Throws InputError if the sizes disagree.
std::vector<SeamFigure> seam_figures(const Table& values, const std::vector<std::string>& columns,
                                     const Eigen::VectorXd& seam_score, const std::vector<std::uint8_t>& on_seam,
                                     const Table& centres);

// A figure of the page: the picture (a PNG or SVG file) and its caption.
struct PageFigure {
  std::filesystem::path image;
  std::string caption;
};

// index.html for `seams` (seams.json as written by topae seams) and its figures, embedded as
// data URIs; every text is HTML-escaped. Figures without a picture (figures off, no gnuplot)
// are listed as not drawn. Throws InputError if a key is missing or a picture cannot be read.
std::string seams_page(const nlohmann::json& seams, const std::vector<PageFigure>& figures);

}  // namespace topae::report
