#include "topae/report/html_report.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/table_support.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"
#include "topae/report/html_text.hpp"

namespace topae::report {
namespace {

namespace fs = std::filesystem;
using test::contains;
using Json = nlohmann::ordered_json;

// A 1x1 red PNG.
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00"
    "\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9"
    "\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    69);
const std::string kSvg =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\">"
    "<defs><clipPath id=\"gnuplot_plot_1\"><rect width=\"20\" height=\"10\"/></clipPath></defs>"
    "<circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#1f77b4\"/></svg>\n";

class HtmlReport : public test::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    fs::create_directories(path("circle/k1"));
    test::write_text(path("circle/error.svg"), kSvg);
    test::write_text(path("circle/loss.png"), kPng);
    test::write_text(path("circle/k1/latent_snapshots.csv"),
                     "# truth: epoch,theta\nepoch,theta,z_1\n0,0.5,0.25\n0,1.5,-0.75\n10,0.5,0.5\n10,1.5,-1\n");
    summary = Json::parse(R"({
      "title": "Circle <b>& sphere</b>",
      "topae_version": "0.1.0",
      "total_seconds": 39.0,
      "config": {"full": false, "seeds": 2, "only": ["circle"]},
      "claims": [
        {"experiment": "circle", "property": "k = 1 must tear the circle", "measured": "certificate 1.000 on 2/2 seeds",
         "holds": true},
        {"experiment": "circle", "property": "k = 2 needs no seam", "measured": 0.5, "holds": false,
         "quantity": "largest distance", "threshold": "< 0.1", "why": "a tear gives ~1 & a fit ~0.01"},
        {"experiment": "torus", "property": "not run", "holds": null}
      ],
      "experiments": [
        {"name": "circle", "title": "Circle", "text": "Borsuk-Ulam says x < y & z.",
         "command": "topae experiment circle --seeds 2 -o results/circle", "seconds": 5.25,
         "numbers": [{"name": "largest distance, k = 1", "value": "1.96-2.04"}, {"name": "seeds", "value": 2}],
         "tables": [{"caption": "Distance <by> k", "header": ["k", "distance"], "rows": [[1, "1.96-2.04"], [2, "0.01"]]}],
         "figures": [{"path": "circle/error.svg", "caption": "Error <around> the circle"},
                     {"path": "circle/loss.png", "caption": "Loss"}],
         "snapshots": [{"path": "circle/k1/latent_snapshots.csv", "caption": "k = 1, seed 1", "color": "theta"}]}
      ]
    })");
    write_summary();
  }

  void write_summary() const { test::write_text(path("summary.json"), summary.dump(2)); }
  std::string report() const { return test::read_text(write_html_report(dir())); }

  // The message of the InputError write_html_report throws for `folder` ("" and a failure if none);
  // no report.html may be left behind.
  std::string error(const fs::path& folder) const {
    try {
      write_html_report(folder);
      ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
      EXPECT_FALSE(fs::exists(folder / "report.html"));
      return e.what();
    }
    return "";
  }
  std::string error() const { return error(dir()); }

  Json summary;
};

TEST_F(HtmlReport, EmbedsEveryFigureAsADataUri) {
  const std::string html = report();
  EXPECT_TRUE(
      contains(html, {"<img src=\"data:image/svg+xml;base64," + base64(kSvg) + "\"",
                      "<img src=\"data:image/png;base64," + base64(kPng) + "\"",
                      "<figcaption>Error &lt;around&gt; the circle</figcaption>", "<figcaption>Loss</figcaption>"}));
  // Nothing is fetched: SVGs travel as base64, so not even their namespace URL is in the page.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("clipPath"), std::string::npos);  // no inlined SVG ids to clash
}

TEST_F(HtmlReport, EscapesEveryText) {
  const std::string html = report();
  EXPECT_TRUE(
      contains(html, {"<title>Circle &lt;b&gt;&amp; sphere&lt;/b&gt;</title>",
                      "<h1>Circle &lt;b&gt;&amp; sphere&lt;/b&gt;</h1>", "Borsuk-Ulam says x &lt; y &amp; z."}));
  EXPECT_EQ(html.find("<b>&"), std::string::npos);
  EXPECT_EQ(html.find("<around>"), std::string::npos);
}

TEST_F(HtmlReport, SummaryTableMarksWhatHolds) {
  const std::string html = report();
  EXPECT_TRUE(
      contains(html, {"<p>1 of 3 properties hold (1 not judged).</p>",
                      "<td><a href=\"#experiment-circle\">circle</a></td><td>k = 1 must tear the circle</td>"
                      "<td>certificate 1.000 on 2/2 seeds</td><td title=\"\"></td><td class=\"holds yes\">&#10003; yes</td>",
                      // The test: the quantity against its threshold, and why the threshold, on hover.
                      "<td>k = 2 needs no seam</td><td>0.5</td><td title=\"a tear gives ~1 &amp; a fit ~0.01\">largest "
                      "distance &lt; 0.1</td><td class=\"holds no\">&#10007; no</td>",
                      "<td>torus</td><td>not run</td><td></td><td title=\"\"></td><td class=\"holds unknown\">&ndash; "
                      "not judged</td>"}));
}

TEST_F(HtmlReport, SectionsHoldTextNumbersCommandRunTimeAndConfiguration) {
  const std::string html = report();
  EXPECT_TRUE(contains(
      html, {"topae 0.1.0 &middot; total run time 39.0 s", "<li><a href=\"#experiment-circle\">Circle</a></li>",
             "<section id=\"experiment-circle\">\n<h2>Circle</h2>",
             "<tr><th scope=\"row\">largest distance, k = 1</th><td>1.96-2.04</td></tr>",
             "<tr><th scope=\"row\">seeds</th><td>2</td></tr>",
             "<pre><code>topae experiment circle --seeds 2 -o results/circle</code></pre>", "Run time 5.2 s",
             "<li><a href=\"#configuration\">Configuration</a></li>",
             "<pre><code>{\n  &quot;full&quot;: false,\n  &quot;seeds&quot;: 2,"}));
}

TEST_F(HtmlReport, TablesHaveCaptionHeadingsAndRows) {
  EXPECT_TRUE(contains(report(), {"<table class=\"results\">\n<caption>Distance &lt;by&gt; k</caption>\n"
                                  "<thead><tr><th>k</th><th>distance</th></tr></thead>\n<tbody>\n"
                                  "<tr><td>1</td><td>1.96-2.04</td></tr>\n<tr><td>2</td><td>0.01</td></tr>\n"
                                  "</tbody>\n</table>"}));
  fs::remove(path("report.html"));
  summary["experiments"][0]["tables"][0]["rows"][1] = Json::array({2});
  write_summary();
  EXPECT_TRUE(contains(error(), {"key 'experiments[0].tables[0].rows[1]'", "has 1 cells for 2 headings"}));
}

TEST_F(HtmlReport, DrawsTheLatentSnapshotsWithASlider) {
  const std::string html = report();
  EXPECT_TRUE(contains(
      html, {"<figure class=\"latent-viewer\" id=\"experiment-circle-latent-1\">", "type=\"range\" min=\"0\" max=\"1\"",
             "<output>epoch 10</output>", "\"epochs\":[0.0,10.0],\"c\":[0.5,1.5],\"frames\":[{\"z\":[[0.25,-0.75]]}",
             "k = 1, seed 1: z_1 against theta", "<script>"}));
}

TEST_F(HtmlReport, TheSameInputsGiveTheSameBytes) {
  const std::string first = report();
  EXPECT_EQ(report(), first);
}

TEST_F(HtmlReport, OptionalKeysMayBeMissing) {
  summary["experiments"] = Json::parse(R"([{"name": "bare"}])");
  summary["claims"] = Json::array();
  write_summary();
  const std::string html = report();
  EXPECT_TRUE(
      contains(html, {"<section id=\"experiment-bare\">\n<h2>bare</h2>\n</section>", "No properties were checked."}));
}

TEST_F(HtmlReport, MissingFolderOrSummaryIsNamed) {
  EXPECT_TRUE(contains(error(path("nowhere")), {path("nowhere").string(), "no such folder"}));
  fs::remove(path("summary.json"));
  EXPECT_TRUE(contains(error(), {path("summary.json").string()}));
  test::write_text(path("summary.json"), "{\"title\": ");
  EXPECT_TRUE(contains(error(), {path("summary.json").string(), "not valid JSON"}));
}

TEST_F(HtmlReport, MissingOrMistypedKeysAreNamed) {
  const std::string file = path("summary.json").string();
  summary.erase("claims");
  write_summary();
  EXPECT_TRUE(contains(error(), {file, "key 'claims': missing"}));

  SetUp();
  summary["total_seconds"] = "39";
  write_summary();
  EXPECT_TRUE(contains(error(), {file, "key 'total_seconds': must be a number, not a string"}));

  SetUp();
  summary["experiments"][0]["figures"][1].erase("path");
  write_summary();
  EXPECT_TRUE(contains(error(), {file, "key 'experiments[0].figures[1].path': missing"}));

  SetUp();
  summary["experiments"][0]["figures"][0]["path"] = "circle/error.pdf";
  write_summary();
  EXPECT_TRUE(contains(error(), {file, "experiments[0].figures[0].path", "not an image"}));
}

TEST_F(HtmlReport, MissingFiguresAndSnapshotsAreNamed) {
  fs::remove(path("circle/loss.png"));
  EXPECT_TRUE(contains(
      error(), {path("circle/loss.png").string(), "no such file", "summary.json at 'experiments[0].figures[1].path'"}));
  SetUp();
  fs::remove(path("circle/k1/latent_snapshots.csv"));
  EXPECT_TRUE(contains(error(), {path("circle/k1/latent_snapshots.csv").string(), "experiments[0].snapshots[0].path"}));
}

TEST_F(HtmlReport, AFailureLeavesAnEarlierReportAlone) {
  const std::string first = report();
  fs::remove(path("circle/error.svg"));
  EXPECT_THROW(write_html_report(dir()), InputError);
  EXPECT_EQ(test::read_text(path("report.html")), first);
}

}  // namespace
}  // namespace topae::report
