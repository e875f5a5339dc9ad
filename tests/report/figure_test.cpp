#include "topae/report/figure.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "report/figure_files.hpp"
#include "support/table_support.hpp"
#include "topae/core/error.hpp"

namespace topae::report {
namespace {

using test::contains;

// The message of the InputError that validating `fig` throws ("" and a failure if none).
std::string validation_error(const FigureSpec& fig) {
  try {
    fig.validate();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for " << fig.description();
  return "";
}

TEST(ReportFigure, StylesKnowTheirColumns) {
  EXPECT_EQ(column_count(Style::lines), 2);
  EXPECT_EQ(column_count(Style::points), 2);
  EXPECT_EQ(column_count(Style::linespoints), 2);
  EXPECT_EQ(column_count(Style::colored_points), 3);
  EXPECT_EQ(column_count(Style::histogram), 3);
  EXPECT_EQ(column_count(Style::image), 3);
  EXPECT_EQ(column_count(Style::segments), 4);
  EXPECT_EQ(to_string(Style::colored_points), "colored_points");
  EXPECT_TRUE(uses_palette(Style::image));
  EXPECT_FALSE(uses_palette(Style::histogram));
}

TEST(ReportFigure, TheStudysFiguresAreValid) {
  for (const auto& fig : {test::error_vs_angle_figure(), test::loss_map_figure(50), test::latent_figure(),
                          test::seam_histogram_figure(), test::heat_map_figure(), test::spectrum_with_pulls_figure()}) {
    EXPECT_NO_THROW(fig.validate()) << fig.description();
  }
}

TEST(ReportFigure, DescriptionQuotesTitleLayersAxesAndColourBar) {
  const FigureSpec fig = test::loss_map_figure(50);
  EXPECT_TRUE(contains(fig.description(),
                       {"'Circle autoencoder, latent dimension 2'", "colored_points 'test points' (50 rows)",
                        "lines 'unit circle' (257 rows)", "points 'training data' (60 rows)", "x 'x' [-1.1, 1.1]",
                        "colour 'loss' log", "square", "800x600"}))
      << fig.description();
  EXPECT_TRUE(contains(test::latent_figure().description(), {"colour 'epoch' [0.5, 5.5] 5 levels"}));
  EXPECT_TRUE(contains(test::error_vs_angle_figure().description(), {"y 'squared error' log"}));
  EXPECT_TRUE(contains(test::spectrum_with_pulls_figure().description(),
                       {"lower panel 0.3: points (40 rows), lines (2 rows); y 'pull' [-", "800x720"}));
}

TEST(ReportFigure, ALowerPanelSaysWhatIsWrong) {
  FigureSpec fig = test::spectrum_with_pulls_figure();
  fig.lower->layers.clear();
  EXPECT_TRUE(contains(validation_error(fig), {"lower panel has no layers"}));

  fig = test::spectrum_with_pulls_figure();
  fig.lower->share = 0.9;
  EXPECT_TRUE(contains(validation_error(fig), {"lower panel share 0.9 out of bounds"}));

  fig = test::spectrum_with_pulls_figure();
  fig.lower->y.range = Range{1.0, -1.0};
  EXPECT_TRUE(contains(validation_error(fig), {"lower panel y range [1, -1]"}));

  fig = test::spectrum_with_pulls_figure();
  fig.lower->layers[0].columns = {"m"};
  EXPECT_TRUE(contains(validation_error(fig), {"lower panel layer 1", "points needs 2 column names, has 1"}));

  fig = test::spectrum_with_pulls_figure();
  fig.lower->layers[0] = test::heat_map_figure().layers[0];
  EXPECT_TRUE(contains(validation_error(fig), {"lower panel layer 1: style image needs a colour bar"}));

  fig = test::spectrum_with_pulls_figure();
  fig.x.range.reset();
  EXPECT_TRUE(contains(validation_error(fig), {"needs an x range"}));

  fig = test::spectrum_with_pulls_figure();
  fig.square = true;
  EXPECT_TRUE(contains(validation_error(fig), {"cannot be square"}));

  fig = test::spectrum_with_pulls_figure();
  fig.x_tics = {{1.0, "one"}};
  EXPECT_TRUE(contains(validation_error(fig), {"no labelled x tics"}));

  fig = test::spectrum_with_pulls_figure();
  fig.legend = Legend::below;
  EXPECT_TRUE(contains(validation_error(fig), {"legend inside the plot or above it"}));
}

TEST(ReportFigure, ValidateSaysWhatIsWrong) {
  EXPECT_TRUE(contains(validation_error(FigureSpec{}), {"no layers"}));

  FigureSpec fig = test::seam_histogram_figure();
  fig.layers[0].columns = {"a", "b"};
  EXPECT_TRUE(contains(validation_error(fig), {"layer 1", "histogram needs 3 column names, has 2"}));

  fig = test::error_vs_angle_figure();
  fig.layers[1].data.conservativeResize(Eigen::NoChange, 3);
  fig.layers[1].columns.push_back("z");
  EXPECT_TRUE(contains(validation_error(fig), {"layer 2 'seed 2'", "lines needs 2 column names, has 3"}));

  fig = test::error_vs_angle_figure();
  fig.layers[0].data.resize(0, 2);
  EXPECT_TRUE(contains(validation_error(fig), {"layer 1 'seed 1': no rows"}));

  fig = test::error_vs_angle_figure();
  fig.layers[2].columns[1] = "err,or";
  EXPECT_TRUE(contains(validation_error(fig), {"layer 3", "'err,or' cannot be a CSV header"}));

  fig = test::error_vs_angle_figure();
  fig.layers[0].color = "red";
  EXPECT_TRUE(contains(validation_error(fig), {"colour 'red' is not of the form #rrggbb"}));

  fig = test::error_vs_angle_figure();
  fig.layers[0].point_size = 0.0;
  EXPECT_TRUE(contains(validation_error(fig), {"point size 0 must be positive"}));

  fig = test::error_vs_angle_figure();
  fig.y.range = Range{0.0, 1.0};  // log scale
  EXPECT_TRUE(contains(validation_error(fig), {"y range [0, 1] must be positive on a log scale"}));

  fig = test::error_vs_angle_figure();
  fig.x.range = Range{1.0, 1.0};
  EXPECT_TRUE(contains(validation_error(fig), {"x range [1, 1] must be finite with min < max"}));

  fig = test::error_vs_angle_figure();
  fig.color_bar.range = Range{0.0, std::numeric_limits<double>::infinity()};
  EXPECT_TRUE(contains(validation_error(fig), {"colour bar range"}));

  fig = test::error_vs_angle_figure();
  fig.width = 10;
  EXPECT_TRUE(contains(validation_error(fig), {"figure size 10x600"}));

  fig = test::latent_figure();
  fig.color_bar.levels = -1;
  EXPECT_TRUE(contains(validation_error(fig), {"levels -1"}));
}

}  // namespace
}  // namespace topae::report
