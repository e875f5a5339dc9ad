// Laws every registered experiment obeys, whatever it computes: its shown defaults pass its
// own validation, every flag reads back the value it shows, a bad value names the flag, its
// config survives JSON, and its claims are complete.
#include "topae/experiments/registry.hpp"

#include <gtest/gtest.h>

#include <set>

#include "topae/core/error.hpp"

namespace topae::experiments {
namespace {

TEST(Registry, TheSuiteListsEveryExperimentOnceInOrder) {
  const auto names = suite().names();
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "circle");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  Registry copy = suite();
  EXPECT_THROW(copy.add(suite().experiments().front()), Error);
  EXPECT_EQ(suite().find("no-such-experiment"), nullptr);
}

TEST(Registry, EveryShownDefaultPassesValidationAndReadsBackAsItself) {
  for (const auto& e : suite().experiments()) {
    SCOPED_TRACE(e.name());
    const auto defaults = e.configure({}, {});
    std::map<std::string, std::string> all;
    for (const auto& p : e.parameters()) all[p.flag] = p.default_value;
    // Every flag given its shown default: accepted, and the same config.
    EXPECT_EQ(e.configure(all, {}), defaults);
    // The suite's settings validate too.
    EXPECT_NO_THROW(e.configure({}, {SuiteSettings{}, 0, false}));
    EXPECT_NO_THROW(e.configure({}, {SuiteSettings{true, 0}, 0, false}));
  }
}

TEST(Registry, ABadFlagValueIsAnInputErrorNamingTheFlag) {
  for (const auto& e : suite().experiments()) {
    for (const auto& p : e.parameters()) {
      SCOPED_TRACE(e.name() + " --" + p.flag);
      if (p.type == "TEXT") continue;  // names (activation, features) are checked by their own parsers
      try {
        e.configure({{p.flag, "1x"}}, {});
        ADD_FAILURE() << "accepted 1x";
      } catch (const InputError& error) {
        EXPECT_NE(std::string(error.what()).find("--" + p.flag), std::string::npos) << error.what();
      }
    }
    EXPECT_THROW(e.configure({{"no-such-flag", "1"}}, {}), InputError);
  }
}

TEST(Registry, CountsOutOfRangeAreRefusedBeforeAnythingRuns) {
  for (const auto& e : suite().experiments()) {
    SCOPED_TRACE(e.name());
    for (const char* flag : {"n", "seeds", "epochs", "batch"}) {
      EXPECT_THROW(e.configure({{flag, "0"}}, {}), InputError) << flag;
    }
    EXPECT_THROW(e.configure({{"seed", "-1"}}, {}), InputError);
  }
}

TEST(Registry, EveryClaimDeclaresAQuantityAThresholdAndWhy) {
  for (const auto& e : suite().experiments()) {
    std::set<std::string> ids;
    for (const auto& c : e.claims()) {
      SCOPED_TRACE(e.name() + "/" + c.id);
      EXPECT_TRUE(ids.insert(c.id).second) << "id used twice";
      EXPECT_FALSE(c.statement.empty());
      EXPECT_FALSE(c.quantity.empty());
      EXPECT_FALSE(c.why.empty());
      EXPECT_FALSE(c.threshold.empty());
    }
  }
}

}  // namespace
}  // namespace topae::experiments
