// What `topae bumphunt` prints, made by the library from the scan's result: one line for the
// search, one per cut, with the efficiencies of labelled data and each cut's bump.
#include "topae/report/mass_scan.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "topae/core/rng.hpp"

namespace topae::report {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(MassScanSummary, OneLineForTheSearchAndOnePerCut) {
  data::Dataset d;
  d.columns = {"m", "error"};
  const Index n = 400;
  d.values.resize(n, 2);
  d.label = Eigen::VectorXi::Zero(n);
  RandomStream rng(5, 0);
  for (Index i = 0; i < n; ++i) {
    d.values(i, 0) = 100 * rng.uniform();
    d.values(i, 1) = rng.uniform() + (i % 10 == 0 ? 1.0 : 0.0);
    (*d.label)(i) = i % 10 == 0 ? 1 : 0;
  }
  analysis::MassScanSpec spec;
  spec.mass = "m";
  spec.cut_quantiles = {0.5, 0.9};
  spec.bins = 10;
  spec.hunter.max_width = 2;
  spec.hunter.pseudo_experiments = 20;
  const auto result = analysis::run_mass_scan(spec, d, "scores.csv");
  const auto lines = lines_of(summary_text(result, n, "", "hunt"));
  ASSERT_EQ(lines.size(), 1 + result.cuts.size());
  EXPECT_EQ(lines[0],
            "bump hunt in 'm' of 400 events, expectation from a side-band fit; 20 pseudo-experiments -> hunt");
  EXPECT_EQ(lines[1].rfind("  no cut: 400 events, signal eff 1, background eff 1, sculpting JSD 0; ", 0), 0u)
      << lines[1];
  EXPECT_EQ(lines[2].rfind("  error > ", 0), 0u) << lines[2];
  EXPECT_NE(lines[2].find("(q 0.5): 200 kept"), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find("(q 0.9): 40 kept"), std::string::npos) << lines[3];
  const auto with_reference = lines_of(summary_text(result, n, "bkg.csv", "hunt"));
  EXPECT_NE(with_reference[0].find("expectation from bkg.csv"), std::string::npos) << with_reference[0];
}

}  // namespace
}  // namespace topae::report
