#include "topae/report/latent_viewer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/table_support.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"

namespace topae::report {
namespace {

using test::contains;
using Json = nlohmann::ordered_json;

class LatentViewer : public test::TempDirTest {
 protected:
  // Two epochs of five probe points, latent dimension 2.
  std::filesystem::path snapshots() {
    return test::write_text(path("latent_snapshots.csv"),
                            "# truth: epoch,theta\n"
                            "epoch,theta,z_1,z_2\n"
                            "0,0.0,0.123456,-1.5\n0,1.0,0.2,-1.4\n0,2.0,0.3,-1.3\n0,3.0,0.4,-1.2\n0,4.0,0.5,-1.1\n"
                            "20,0.0,1.0,2.0\n20,1.0,1.1,2.1\n20,2.0,1.2,2.2\n20,3.0,1.3,2.3\n20,4.0,1.4,2.4\n");
  }
  std::string error(const std::filesystem::path& csv, const LatentViewerOptions& options = {}) {
    try {
      latent_viewer_data(csv, options);
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError for " << csv;
    return "";
  }
};

TEST_F(LatentViewer, KeepsEveryEpochAndRoundsToFourDigits) {
  const Json data = latent_viewer_data(snapshots());
  EXPECT_EQ(data["k"], 2);
  EXPECT_EQ(data["z_columns"], Json({"z_1", "z_2"}));  // the axis names the script shows
  EXPECT_EQ(data["color"], "theta");  // the first truth column but epoch
  EXPECT_EQ(data["epochs"], Json({0.0, 20.0}));
  EXPECT_EQ(data["points"], 5);
  EXPECT_EQ(data["step"], 1);
  EXPECT_EQ(data["c"], Json({0.0, 1.0, 2.0, 3.0, 4.0}));  // the same at every epoch: stored once
  ASSERT_EQ(data["frames"].size(), 2u);
  EXPECT_EQ(data["frames"][0]["z"][0][0].get<double>(), 0.1235);
  EXPECT_EQ(data["frames"][1]["z"][1], Json({2.0, 2.1, 2.2, 2.3, 2.4}));
  EXPECT_FALSE(data["frames"][0].contains("c"));
}

TEST_F(LatentViewer, ThinsToEveryMthProbePoint) {
  const Json data = latent_viewer_data(snapshots(), {.color = "", .max_points = 2});
  EXPECT_EQ(data["step"], 3);
  EXPECT_EQ(data["points"], 5);
  EXPECT_EQ(data["c"], Json({0.0, 3.0}));
  EXPECT_EQ(data["frames"][1]["z"][0], Json({1.0, 1.3}));
}

TEST_F(LatentViewer, OneLatentDimensionAndColoursThatMove) {
  test::write_text(
      path("k1.csv"),
      "# truth: epoch,theta,phi\nepoch,theta,phi,z_1\n1,0.5,9,0.1\n1,0.6,8,0.2\n2,0.5,7,0.3\n2,0.6,6,0.4\n");
  const Json data = latent_viewer_data(path("k1.csv"), {.color = "phi"});
  EXPECT_EQ(data["k"], 1);
  EXPECT_EQ(data["z_columns"], Json({"z_1"}));
  EXPECT_EQ(data["frames"][0]["z"], Json({{0.1, 0.2}}));
  EXPECT_TRUE(data["c"].is_null());  // phi differs between the epochs: each frame carries its own
  EXPECT_EQ(data["frames"][1]["c"], Json({7.0, 6.0}));
}

TEST_F(LatentViewer, HtmlStartsAtTheLastEpoch) {
  const std::string html = latent_viewer_html(latent_viewer_data(snapshots()), "k = 2 <seed 1>", "v1");
  EXPECT_TRUE(contains(html, {"id=\"v1\"", "<canvas", "type=\"range\" min=\"0\" max=\"1\" step=\"1\" value=\"1\"",
                              "<output>epoch 20</output>", "k = 2 &lt;seed 1&gt;", "coloured by theta",
                              "<script type=\"application/json\">{\"k\":2,"}));
  EXPECT_FALSE(latent_viewer_script().empty());
}

TEST_F(LatentViewer, BadTablesSayWhatIsMissing) {
  EXPECT_TRUE(contains(error(path("none.csv")), {"none.csv"}));
  test::write_text(path("no_epoch.csv"), "theta,z_1\n0,1\n");
  EXPECT_TRUE(contains(error(path("no_epoch.csv")), {"no_epoch.csv", "no column 'epoch'"}));
  test::write_text(path("no_z.csv"), "epoch,theta\n0,1\n");
  EXPECT_TRUE(contains(error(path("no_z.csv")), {"no_z.csv", "z_1"}));
  EXPECT_TRUE(contains(error(snapshots(), {.color = "psi"}), {"latent_snapshots.csv", "'psi'", "theta"}));
}

}  // namespace
}  // namespace topae::report
