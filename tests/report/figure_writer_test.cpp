#include "topae/report/figure_writer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>

#include "report/figure_files.hpp"
#include "support/table_support.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"
#include "topae/report/layers.hpp"

namespace topae::report {
namespace {

namespace fs = std::filesystem;
using test::contains;
using test::count;
using test::read_text;

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

class ReportFigureWriterTest : public test::TempDirTest {
 protected:
  // Writes `figure` at DIR/<name>, checks the four kinds of files, and returns the paths.
  // With TOPAE_REPORT_EXAMPLES set, also copies them into that folder for a person to look at.
  FigureFiles write_and_check(const FigureSpec& figure, const std::string& name) {
    const FigureFiles files = write_figure(figure, path(name));
    EXPECT_EQ(files.script, path(name + ".gp"));
    EXPECT_EQ(files.png, path(name + ".png"));
    EXPECT_EQ(files.svg, path(name + ".svg"));
    EXPECT_FALSE(files.data.empty());
    EXPECT_EQ(files.data.front(), path(name + ".csv"));
    for (const auto& p : files.data) EXPECT_TRUE(fs::is_regular_file(p)) << p;
    EXPECT_TRUE(fs::is_regular_file(files.script));

    const auto size = test::png_size(files.png);
    EXPECT_EQ(size.width, static_cast<std::uint32_t>(figure.width));
    EXPECT_EQ(size.height, static_cast<std::uint32_t>(figure.height));

    const std::string svg = read_text(files.svg);
    EXPECT_TRUE(test::looks_like_svg(svg)) << files.svg;
    EXPECT_NE(svg.find(fmt_size(figure)), std::string::npos) << "SVG lacks its size";

    // Nothing but the figure's files is left in the folder (no temporaries).
    EXPECT_EQ(entries(dir()), files.data.size() + 3);

    if (const char* examples = std::getenv("TOPAE_REPORT_EXAMPLES")) {
      fs::create_directories(examples);
      auto all = files.data;
      all.insert(all.end(), {files.script, files.png, files.svg});
      for (const auto& p : all) fs::copy_file(p, fs::path(examples) / p.filename(), fs::copy_options::overwrite_existing);
    }
    return files;
  }

  static std::string fmt_size(const FigureSpec& figure) {
    return "width=\"" + std::to_string(figure.width) + "\" height=\"" + std::to_string(figure.height) + "\"";
  }

  // Expects the CSV to hold exactly the layer's data under the given header.
  static void expect_csv(const fs::path& csv_path, const std::vector<std::string>& header, const Table& data) {
    const auto csv = test::read_figure_csv(csv_path);
    EXPECT_EQ(csv.header, header);
    ASSERT_EQ(csv.rows.size(), static_cast<std::size_t>(data.rows()));
    for (Index r = 0; r < data.rows(); ++r) {
      ASSERT_EQ(csv.rows[r].size(), static_cast<std::size_t>(data.cols()));
      for (Index c = 0; c < data.cols(); ++c) {
        EXPECT_TRUE(test::same_bits(csv.rows[r][c], data(r, c))) << "row " << r << " col " << c;
      }
    }
  }
};

TEST_F(ReportFigureWriterTest, LinesOfSeveralSeedsShareOneCsv) {
  const FigureSpec fig = test::error_vs_angle_figure();
  const auto files = write_and_check(fig, "error_vs_angle");
  ASSERT_EQ(files.data.size(), 1u);  // equal lengths: one CSV, columns side by side
  const auto csv = test::read_figure_csv(files.data[0]);
  EXPECT_EQ(csv.header, (std::vector<std::string>{"theta", "error", "theta_2", "error_2", "theta_3", "error_3"}));
  ASSERT_EQ(csv.rows.size(), 200u);
  for (Index l = 0; l < 3; ++l) {
    for (Index r = 0; r < 200; ++r) {
      EXPECT_TRUE(test::same_bits(csv.rows[r][2 * l], fig.layers[l].data(r, 0)));
      EXPECT_TRUE(test::same_bits(csv.rows[r][2 * l + 1], fig.layers[l].data(r, 1)));
    }
  }
  const std::string svg = read_text(files.svg);
  EXPECT_GE(count(svg, "<path"), 3u);  // one polyline per seed at least
  EXPECT_TRUE(contains(svg, {"seed 1", "seed 2", "seed 3"}));
  const std::string gp = read_text(files.script);
  EXPECT_TRUE(contains(gp, {"set logscale y", "with lines", "data_1 skip 1 using 5:6"}));
}

TEST_F(ReportFigureWriterTest, ColouredScatterWithOverlaysHasOneCsvPerLayer) {
  const FigureSpec fig = test::loss_map_figure(1000);
  const auto files = write_and_check(fig, "loss_map");
  ASSERT_EQ(files.data.size(), 3u);  // three lengths: one CSV per layer
  EXPECT_EQ(files.data[1], path("loss_map_layer2.csv"));
  EXPECT_EQ(files.data[2], path("loss_map_layer3.csv"));
  for (std::size_t l = 0; l < 3; ++l) expect_csv(files.data[l], fig.layers[l].columns, fig.layers[l].data);
  const std::string svg = read_text(files.svg);
  // Every test and training point is drawn as a symbol.
  EXPECT_GE(count(svg, "<use "), 1000u + 60u);
  const std::string gp = read_text(files.script);
  EXPECT_TRUE(contains(gp, {"lc palette", "set logscale cb", "set size ratio -1", "set cblabel 'loss'",
                            "set xrange [-1.1:1.1]", "set palette defined"}));
}

TEST_F(ReportFigureWriterTest, LatentSnapshotsColouredByEpoch) {
  const FigureSpec fig = test::latent_figure();
  const auto files = write_and_check(fig, "latent");
  expect_csv(files.data[0], {"z1", "z2", "snapshot"}, fig.layers[0].data);
  EXPECT_GE(count(read_text(files.svg), "<use "), 750u);
  EXPECT_TRUE(contains(read_text(files.script), {"set palette defined (0 '#440154', 1 '#440154', 1 '", "'400' 5"}));
}

TEST_F(ReportFigureWriterTest, HistogramOfSeamAngles) {
  const FigureSpec fig = test::seam_histogram_figure();
  const auto files = write_and_check(fig, "seams");
  expect_csv(files.data[0], {"seam_low", "seam_high", "count"}, fig.layers[0].data);
  EXPECT_TRUE(contains(read_text(files.script), {"with boxes", "set yrange [0:*]"}));
  // 12 boxes, each a filled path or polygon.
  const std::string svg = read_text(files.svg);
  EXPECT_GE(count(svg, "<path") + count(svg, "<polygon"), 12u);
}

TEST_F(ReportFigureWriterTest, HeatMapOnAGrid) {
  const FigureSpec fig = test::heat_map_figure();
  const auto files = write_and_check(fig, "heat_map");
  expect_csv(files.data[0], {"x", "y", "loss"}, fig.layers[0].data);
  EXPECT_TRUE(contains(read_text(files.script), {"with image"}));
  EXPECT_NE(read_text(files.svg).find("<image"), std::string::npos);  // svg embeds the pixels as one image
}

// A bar chart: boxes with a word under each, drawn literally unless the figure reads markup.
TEST_F(ReportFigureWriterTest, BarChartWithLabelledTics) {
  FigureSpec fig;
  fig.layers.push_back(xy_layer(Style::histogram, {"low", "high", "share"},
                                {Eigen::Vector2d(0.6, 1.6), Eigen::Vector2d(1.4, 2.4), Eigen::Vector2d(0.5, 0.01)}));
  fig.x_tics = {{1, "euclidean k=1"}, {2, "circle_latent"}};
  const auto files = write_and_check(fig, "bars");
  EXPECT_TRUE(contains(read_text(files.script),
                       {"set xtics rotate by -30 noenhanced ('euclidean k=1' 1, 'circle_latent' 2)", "with boxes"}));
  fig.x_tics.front().first = std::numeric_limits<double>::infinity();
  EXPECT_THROW(fig.validate(), InputError);
}

TEST_F(ReportFigureWriterTest, BarcodeOfSegments) {
  FigureSpec fig;
  fig.title = "Barcode";
  fig.layers.push_back(xy_layer(Style::segments, {"birth", "bar", "death", "bar_end"},
                                {Eigen::Vector3d(0, 0, 0.1), Eigen::Vector3d(1, 2, 3), Eigen::Vector3d(0.5, 0.2, 0.9),
                                 Eigen::Vector3d(1, 2, 3)},
                                "H0"));
  const auto files = write_and_check(fig, "barcode");
  expect_csv(files.data[0], {"birth", "bar", "death", "bar_end"}, fig.layers[0].data);
  EXPECT_TRUE(contains(read_text(files.script), {"using 1:2:($3-$1):($4-$2) with vectors nohead"}));
  FigureSpec one_end;  // a segment needs both ends
  one_end.layers.push_back(xy_layer(Style::segments, {"birth", "bar"}, {Eigen::Vector2d(0, 1), Eigen::Vector2d(1, 2)}));
  EXPECT_THROW(one_end.validate(), InputError);
}

// Two panels drawn as one multiplot, for each terminal; the lower panel's layers get data files
// numbered after the plot's, and only the lower panel labels the shared x axis.
TEST_F(ReportFigureWriterTest, SpectrumOverAPullPanel) {
  const FigureSpec fig = test::spectrum_with_pulls_figure();
  const auto files = write_and_check(fig, "pulls");
  ASSERT_EQ(files.data.size(), 4u);  // lengths 40, 40, 40 and 2: one CSV per layer
  EXPECT_EQ(files.data[2], path("pulls_layer3.csv"));
  expect_csv(files.data[2], {"m", "pull"}, fig.lower->layers[0].data);
  EXPECT_EQ(files.data[3], path("pulls_layer4.csv"));
  expect_csv(files.data[3], {"x", "zero"}, fig.lower->layers[1].data);
  const std::string gp = read_text(files.script);
  EXPECT_EQ(count(gp, "\nset multiplot"), 2u);  // PNG and SVG
  EXPECT_EQ(count(gp, "unset multiplot"), 2u);
  EXPECT_EQ(count(gp, "replot"), 0u);
  EXPECT_TRUE(contains(gp, {"set bmargin at screen 0.3", "set tmargin at screen 0.3", "set key above",
                            "set ylabel 'pull'", "set yrange [-3:3]",
                            // span 6: steps of 2, the top tic dropped clear of the plot's lowest label
                            "set ytics -2, 2, 2"}));
  const std::string svg = read_text(files.svg);
  EXPECT_EQ(count(svg, "m (GeV)"), 1u);  // the x label, under the lower panel only
  EXPECT_TRUE(contains(svg, {">pull<", "events / 1 GeV"}));
  EXPECT_GE(count(svg, "<use "), 80u);  // the data's points and the pulls
}

TEST_F(ReportFigureWriterTest, CsvRereadsToTheExactDoubles) {
  FigureSpec fig;
  Layer layer;
  layer.style = Style::points;
  layer.columns = {"a", "b"};
  layer.data.resize(6, 2);
  layer.data << 1.0 / 3.0, -0.0,                                   //
      1e-300, std::numeric_limits<double>::denorm_min(),           //
      0.1, 123456789.123456789,                                    //
      -std::numeric_limits<double>::min(), 2.0 / 3.0,              //
      3.141592653589793, 1e22,                                     //
      -1e-5, 5e-324;
  fig.x.range = Range{-1.0, 4.0};
  fig.y.range = Range{-1.0, 1.0};
  fig.layers.push_back(layer);
  const auto files = write_and_check(fig, "awkward");
  expect_csv(files.data[0], {"a", "b"}, layer.data);
}

TEST_F(ReportFigureWriterTest, ScriptRerunFromItsFolderReproducesTheFigure) {
  const auto files = write_and_check(test::loss_map_figure(300), "rerun");
  const std::string svg = read_text(files.svg);
  const auto size = test::png_size(files.png);
  fs::remove(files.png);
  fs::remove(files.svg);
  // As a user would rerun it (HOME here: no personal ~/.gnuplot).
  const std::string command = "cd '" + dir().string() + "' && HOME=. gnuplot rerun.gp > gnuplot.log 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_text(path("gnuplot.log"));
  const auto again = test::png_size(files.png);
  EXPECT_EQ(again.width, size.width);
  EXPECT_EQ(again.height, size.height);
  EXPECT_EQ(read_text(files.svg), svg);
}

TEST_F(ReportFigureWriterTest, SvgIsByteIdenticalOnASecondRunAndElsewhere) {
  const FigureSpec fig = test::loss_map_figure(300);
  const auto first = write_figure(fig, path("a/fig"));
  const std::string svg = read_text(first.svg);
  const std::string png = read_text(first.png);
  const std::string gp = read_text(first.script);
  write_figure(fig, path("a/fig"));
  EXPECT_EQ(read_text(first.svg), svg);
  EXPECT_EQ(read_text(first.png), png);  // cairo's PNG has no timestamp either
  EXPECT_EQ(read_text(first.script), gp);
  const auto elsewhere = write_figure(fig, path("b/fig"));
  EXPECT_EQ(read_text(elsewhere.svg), svg);
  EXPECT_EQ(svg.find(".tmp."), std::string::npos);
}

TEST_F(ReportFigureWriterTest, TextWithQuotesAndSpecialCharactersIsShownLiterally) {
  FigureSpec fig = test::seam_histogram_figure();
  const std::string nasty = "It's \"quoted\" `echo pwned` @macro $HOME 50% {x}_1^2 back\\slash";
  fig.title = nasty + "\nsecond line\\";
  fig.x.label = "x '\"";
  fig.color_bar.label = "unused";
  fig.layers[0].title = "seeds: it's `42`";
  const auto files = write_and_check(fig, "it's \"odd\"");
  const std::string svg = read_text(files.svg);
  // SVG escapes the quotes; the literal text (no substitution, no enhanced-text markup) survives.
  EXPECT_TRUE(contains(svg, {"`echo pwned` @macro $HOME 50% {x}_1^2 back\\slash", "second line", "`42`"}));
  EXPECT_EQ(svg.find(">pwned<"), std::string::npos);
  EXPECT_NO_THROW(write_figure(fig, path("-starts-like-an-option")));
  EXPECT_EQ(gnuplot_quote("it's"), "'it''s'");
  EXPECT_EQ(gnuplot_quote("a\nb"), "'a'.\"\\n\".'b'");
}

TEST_F(ReportFigureWriterTest, MarkupIsEnhancedText) {
  FigureSpec fig = test::seam_histogram_figure();
  fig.markup = true;
  fig.x.label = "s_{YY}";
  const auto files = write_and_check(fig, "markup");
  const std::string svg = read_text(files.svg);
  EXPECT_EQ(svg.find("s_{YY}"), std::string::npos);  // drawn as s with subscript YY
  EXPECT_NE(svg.find("YY"), std::string::npos);
}

TEST_F(ReportFigureWriterTest, MissingGnuplotWritesTheDataAndScriptButNoPicture) {
  FigureOptions options;
  options.gnuplot = "topae-no-such-gnuplot";
  const int skipped_before = skipped_figures().count;
  const auto files = write_figure(test::seam_histogram_figure(), path("figs/seams"), options);
  EXPECT_TRUE(files.png.empty());
  EXPECT_TRUE(files.svg.empty());
  ASSERT_EQ(files.data.size(), 1u);
  EXPECT_EQ(read_text(files.script), gnuplot_script(test::seam_histogram_figure(), path("figs/seams")));
  EXPECT_FALSE(read_text(files.data[0]).empty());
  EXPECT_EQ(entries(path("figs")), 2u);  // seams.csv and seams.gp
  EXPECT_EQ(skipped_figures().count, skipped_before + 1);
  EXPECT_TRUE(contains(skipped_figures().reason, {"topae-no-such-gnuplot", "not installed"}));
}

TEST_F(ReportFigureWriterTest, FiguresSwitchedOffWriteNothing) {
  const int skipped_before = skipped_figures().count;
  set_figures_enabled(false);
  const auto files = write_figure(test::seam_histogram_figure(), path("figs/seams"));
  set_figures_enabled(true);
  EXPECT_TRUE(files.png.empty() && files.script.empty() && files.data.empty());
  EXPECT_FALSE(std::filesystem::exists(path("figs")));
  EXPECT_EQ(skipped_figures().count, skipped_before + 1);
  EXPECT_EQ(skipped_figures().reason, "--no-figures");
}

TEST_F(ReportFigureWriterTest, GnuplotFailureThrowsItsMessageAndKeepsTheOldFiles) {
  const FigureSpec good = test::seam_histogram_figure();
  const auto files = write_figure(good, path("fig"));
  const std::string old_png = read_text(files.png);
  const std::string old_csv = read_text(files.data[0]);

  FigureSpec bad;  // every y undefined: gnuplot stops with an error
  Layer layer;
  layer.style = Style::lines;
  layer.columns = {"x", "y"};
  layer.data.resize(3, 2);
  layer.data << 1, std::numeric_limits<double>::quiet_NaN(), 2, std::numeric_limits<double>::quiet_NaN(), 3,
      std::numeric_limits<double>::quiet_NaN();
  bad.layers.push_back(layer);
  try {
    write_figure(bad, path("fig"));
    FAIL() << "no Error";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), {path("fig").string(), "exited with status", "\"fig.gp\" line",
                                    "all points y value undefined"}));
    EXPECT_EQ(std::string(e.what()).find(".tmp."), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(dir()), 4u);  // the earlier figure's files, no temporaries
  EXPECT_EQ(read_text(files.png), old_png);
  EXPECT_EQ(read_text(files.data[0]), old_csv);
}

TEST_F(ReportFigureWriterTest, GnuplotThatWritesNothingOrHangsIsAnError) {
  const auto silent = test::write_text(path("silent-gnuplot"), "#!/bin/sh\nexit 0\n");
  const auto hanging = test::write_text(path("hanging-gnuplot"), "#!/bin/sh\nexec sleep 5\n");
  fs::permissions(silent, fs::perms::owner_all);
  fs::permissions(hanging, fs::perms::owner_all);
  FigureOptions options;
  options.gnuplot = silent.string();
  try {
    write_figure(test::seam_histogram_figure(), path("out/a"), options);
    FAIL() << "no Error";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), {path("out/a").string(), "wrote no .png"}));
  }
  options.gnuplot = hanging.string();
  options.timeout_s = 0.2;
  try {
    write_figure(test::seam_histogram_figure(), path("out/b"), options);
    FAIL() << "no Error";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), {path("out/b").string(), "timed out"}));
  }
  EXPECT_EQ(entries(path("out")), 0u);
}

TEST_F(ReportFigureWriterTest, InvalidFigureIsAnInputErrorAndWritesNothing) {
  FigureSpec fig = test::seam_histogram_figure();
  fig.layers[0].columns.pop_back();
  try {
    write_figure(fig, path("figs/bad"));
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {path("figs/bad").string(), "layer 1", "histogram needs 3 column names"}));
  }
  EXPECT_FALSE(fs::exists(path("figs")));
  EXPECT_THROW(write_figure(test::seam_histogram_figure(), dir() / ""), InputError);  // no file name
}

}  // namespace
}  // namespace topae::report
