// The figures and the page of `topae seams` (report/seams_page.hpp).
#include "topae/report/seams_page.hpp"

#include "topae/report/html_page.hpp"

#include <gtest/gtest.h>

#include "topae/core/error.hpp"
#include "topae/report/html_report.hpp"

namespace topae::report {
namespace {

Table columns_with_spreads(Index n, const std::vector<double>& scales) {
  Table t(n, static_cast<Index>(scales.size()));
  for (Index i = 0; i < n; ++i)
    for (std::size_t j = 0; j < scales.size(); ++j)
      t(i, static_cast<Index>(j)) = scales[j] * std::sin(0.37 * static_cast<double>(i * (j + 1)) + 0.1);
  return t;
}

TEST(SeamsPage, PairsTheThreeColumnsOfLargestVariance) {
  const auto pairs = largest_variance_pairs(columns_with_spreads(200, {1, 5, 0.1, 3, 2}));
  const std::vector<std::pair<Index, Index>> expected = {{1, 3}, {1, 4}, {3, 4}};
  EXPECT_EQ(pairs, expected);
  EXPECT_EQ(largest_variance_pairs(columns_with_spreads(10, {1, 2})), (std::vector<std::pair<Index, Index>>{{1, 0}}));
  EXPECT_THROW(largest_variance_pairs(columns_with_spreads(10, {1})), InputError);
}

TEST(SeamsPage, FiguresDrawEveryEventTheSeamEventsAndTheCentres) {
  const Index n = 50'000;
  const Table values = columns_with_spreads(n, {1, 2, 3});
  Eigen::VectorXd score = Eigen::VectorXd::Ones(n);
  std::vector<std::uint8_t> on_seam(static_cast<std::size_t>(n), 0);
  for (Index i = 0; i < 30; ++i) {
    on_seam[static_cast<std::size_t>(i)] = 1;
    score(i) = 10 + static_cast<double>(i);
  }
  Table centres(1, 3);
  centres << 0.1, 0.2, 0.3;
  const auto figures = seam_figures(values, {"a", "b", "c d"}, score, on_seam, centres);
  ASSERT_EQ(figures.size(), 3u);
  EXPECT_EQ(figures[0].stem, "seams_c_d_b");
  for (const auto& f : figures) {
    EXPECT_NO_THROW(f.figure.validate());
    ASSERT_EQ(f.figure.layers.size(), 3u);
    EXPECT_LE(f.figure.layers[0].rows(), kMaxSeamFigurePoints);  // thinned
    EXPECT_EQ(f.figure.layers[1].rows(), 1);                      // the centre
    EXPECT_EQ(f.figure.layers[2].rows(), 30);                     // every seam event
    EXPECT_EQ(f.figure.layers[2].style, Style::colored_points);
  }
  const auto none = seam_figures(values, {"a", "b", "c"}, score, std::vector<std::uint8_t>(n, 0), Table(0, 3));
  ASSERT_EQ(none.size(), 3u);
  EXPECT_EQ(none[0].figure.layers.size(), 1u);
  EXPECT_THROW(seam_figures(values, {"a", "b"}, score, on_seam, centres), InputError);
}

nlohmann::json minimal_seams() {
  return {{"topae_version", "0.1.0"},
          {"model", "<model>.json"},
          {"data", "d.csv"},
          {"n_events", 100},
          {"n_events_in_data", 200},
          {"n_seam_events", 4},
          {"n_isolated_events", 0},
          {"top_error_quantile", 0.99},
          {"top_error_threshold", 1.5},
          {"n_top_errors", 1},
          {"seam_fraction_of_top_errors", nullptr},
          {"stretch", {{"median", 0.0}, {"sigma", 0.1}}},
          {"code_stretch", {{"median", 0.0}, {"sigma", 0.1}}},
          {"threshold", 2.0},
          {"neighbour_search", "exact"},
          {"null_seam_fraction_bound", 6e-4},
          {"columns", {"x", "y"}},
          {"settings", {{"neighbours", 10}, {"outlier_sigmas", 4.0}, {"min_stretch", 2.0}, {"min_cluster_size", 3}}},
          {"seams",
           {{{"size", 4},
             {"centre", {{"x", 1.0}, {"y", -1.0}}},
             {"spread", {{"x", 0.1}, {"y", 0.2}}},
             {"peak_seam_score", 30.0},
             {"mean_error", 2.0}}}}};
}

TEST(SeamsPage, PageEscapesTextUsesTheReportsStyleAndSaysWhatWasNotDrawn) {
  const std::string html = seams_page(minimal_seams(), {{"", "a figure"}});
  EXPECT_NE(html.find("&lt;model&gt;.json"), std::string::npos);
  EXPECT_EQ(html.find("<model>"), std::string::npos);
  const std::string frame = html_page_start("t", "v");  // the style sheet every page shares
  const auto style = frame.substr(frame.find("<style>"), frame.find("</style>") - frame.find("<style>"));
  EXPECT_NE(html.find(style), std::string::npos);
  EXPECT_NE(html.find("1 figure not drawn"), std::string::npos);
  EXPECT_NE(html.find("<td>4</td>"), std::string::npos);  // the seam's size
  EXPECT_NE(html.find("&ndash;"), std::string::npos);     // the share of no top error on a seam: null
  auto broken = minimal_seams();
  broken.erase("stretch");
  EXPECT_THROW(seams_page(broken, {}), InputError);
}

}  // namespace
}  // namespace topae::report
