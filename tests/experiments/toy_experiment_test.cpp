// An experiment added from outside the suite, as a new experiment is added to it: one
// definition and one registry line. It must then appear everywhere the suite's do: in
// `topae experiment --help`, in `topae reproduce`, in summary.json and in report.html, with
// its claims.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "commands.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/json_file.hpp"
#include "topae/core/rng.hpp"
#include "topae/experiments/registry.hpp"

namespace topae::test {
namespace {

using namespace experiments;

struct ToyConfig {
  TrainingConfig training;  // every experiment has one; the toy trains nothing
  Index draws = 10000;
  void validate() const {
    if (draws < 1) throw InputError("--draws must be at least 1");
  }
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ToyConfig, training, draws)

struct ToyResult {
  double mean = 0;
  Index draws = 0;
  std::vector<FigureRef> figures;
  std::vector<SnapshotRef> snapshots;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ToyResult, mean, draws, figures, snapshots)

Experiment toy_experiment() {
  Definition<ToyConfig, ToyResult> d;
  d.name = "toy";
  d.title = "Toy uniform mean";
  d.help = "The mean of uniform draws (a test of the experiment registry)";
  d.text = "Uniform draws in (0, 1) average to one half.";
  d.parameters = {parameter<ToyConfig>("draws", "Uniform draws", [](ToyConfig& c) -> Index& { return c.draws; })};
  d.run = [](const ToyConfig& c, const std::filesystem::path&) {
    RandomStream stream(named_seed(c.training.first_seed, "toy"), 0);
    double sum = 0;
    for (Index i = 0; i < c.draws; ++i) sum += stream.uniform();
    return ToyResult{sum / static_cast<double>(c.draws), c.draws, {}, {}};
  };
  d.claims = {{"mean-is-half", "uniform draws average to one half", "|mean - 1/2| in standard errors", below(5),
               "the standard error of the mean of n uniforms is 1 / sqrt(12 n); 5 of them is a 6e-7 fluke",
               [](const ToyResult& r) -> std::optional<double> {
                 return std::abs(r.mean - 0.5) * std::sqrt(12.0 * static_cast<double>(r.draws));
               }}};
  d.numbers = [](const ToyResult& r, const ToyConfig&) { return std::vector<Number>{{"mean", value_span({r.mean})}}; };
  d.tables = [](const ToyResult& r, const ToyConfig& c) {
    return std::vector<ResultTable>{{"Draws and their mean", {"draws", "mean"}, {{std::to_string(c.draws), value_span({r.mean})}}}};
  };
  return Experiment(std::move(d));
}

class ToyExperiment : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    registry_ = suite();
    registry_.add(toy_experiment());  // the one registry line
  }
  // Runs the command line over the extended registry; returns the exit code and its output.
  int run(std::vector<std::string> args, std::string* out = nullptr) {
    args.insert(args.begin(), "topae");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    testing::internal::CaptureStdout();
    const int rc = cli::run(static_cast<int>(argv.size()), argv.data(), registry_);
    const std::string printed = testing::internal::GetCapturedStdout();
    if (out) *out = printed;
    return rc;
  }
  Registry registry_;
};

TEST_F(ToyExperiment, IsListedByExperimentHelpWithItsFlags) {
  std::string help;
  EXPECT_EQ(run({"experiment", "--help"}, &help), 0);
  EXPECT_NE(help.find("toy"), std::string::npos) << help;
  EXPECT_NE(help.find("The mean of uniform draws"), std::string::npos) << help;
  EXPECT_EQ(run({"experiment", "toy", "--help"}, &help), 0);
  EXPECT_NE(help.find("--draws"), std::string::npos) << help;
  EXPECT_NE(help.find("10000"), std::string::npos) << "the default is shown: " << help;
}

TEST_F(ToyExperiment, RunsAloneAndRefusesABadFlagValue) {
  EXPECT_EQ(run({"experiment", "toy", "--draws", "500", "-o", (dir() / "alone").string(), "--quiet"}), 0);
  const auto results = read_json_file(dir() / "alone" / "results.json");
  EXPECT_EQ(results.at("experiment"), "toy");
  EXPECT_EQ(results.at("config").at("draws"), 500);
  EXPECT_EQ(run({"experiment", "toy", "--draws", "many", "-o", (dir() / "bad").string(), "--quiet"}), 2);
  EXPECT_FALSE(std::filesystem::exists(dir() / "bad" / "results.json"));
}

TEST_F(ToyExperiment, ReproduceRunsItIntoTheSummaryAndTheReportWithItsClaims) {
  const auto out = dir() / "suite";
  ASSERT_EQ(run({"reproduce", "--only", "toy", "-o", out.string(), "--quiet", "--no-figures"}), 0);
  const auto summary = read_json_file(out / "summary.json");
  ASSERT_EQ(summary.at("experiments").size(), 1u);
  EXPECT_EQ(summary.at("experiments")[0].at("name"), "toy");
  EXPECT_EQ(summary.at("experiments")[0].at("command").get<std::string>().rfind("topae experiment toy", 0), 0u);
  ASSERT_EQ(summary.at("claims").size(), 1u);
  const auto& claim = summary.at("claims")[0];
  EXPECT_EQ(claim.at("id"), "mean-is-half");
  EXPECT_EQ(claim.at("threshold"), "< 5");
  EXPECT_EQ(claim.at("holds"), true) << claim.dump();
  // The experiment's table, from its result and config.
  const auto& table = summary.at("experiments")[0].at("tables").at(0);
  EXPECT_EQ(table.at("caption"), "Draws and their mean");
  EXPECT_EQ(table.at("header"), nlohmann::json({"draws", "mean"}));
  EXPECT_EQ(table.at("rows").at(0).at(0), "10000");

  std::ifstream html(out / "report.html");
  std::stringstream page;
  page << html.rdbuf();
  EXPECT_NE(page.str().find("Toy uniform mean"), std::string::npos);
  EXPECT_NE(page.str().find("uniform draws average to one half"), std::string::npos);
  EXPECT_NE(page.str().find("<caption>Draws and their mean</caption>"), std::string::npos);

  // `topae report` rebuilds the same claims from results.json through the registry.
  std::filesystem::remove(out / "summary.json");
  ASSERT_EQ(run({"report", out.string(), "--quiet"}), 0);
  EXPECT_EQ(read_json_file(out / "summary.json").at("claims"), summary.at("claims"));
}

}  // namespace
}  // namespace topae::test
