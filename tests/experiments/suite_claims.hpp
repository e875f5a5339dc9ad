// The suite's claims, checked by running an experiment as `topae reproduce` does (the quick
// suite's settings) and reading the verdicts its declarations give: the thresholds are the
// experiment's own, never copied here. If a claim fails for an honest reason, the finding goes
// into the issue, not a looser bound.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"
#include "topae/core/threads.hpp"
#include "topae/experiments/registry.hpp"

namespace topae::test {

class SuiteClaims : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    set_threads(2);  // independent trainings, one per thread: results do not depend on it
  }

  // Runs the suite's experiment `name` with `flags` over the quick suite's settings; expects
  // each claim in `ids` to be measured and to hold, and returns the outcome.
  experiments::Outcome expect_claims_hold(const std::string& name, const std::map<std::string, std::string>& flags,
                                          const std::vector<std::string>& ids) {
    const auto* experiment = experiments::suite().find(name);
    EXPECT_NE(experiment, nullptr) << name;
    if (!experiment) return {};
    auto outcome = experiment->run(flags, {experiments::SuiteSettings{}, 2, false}, dir());
    for (const auto& id : ids) {
      const auto v = std::find_if(outcome.verdicts.begin(), outcome.verdicts.end(), [&](const auto& x) { return x.id == id; });
      if (v == outcome.verdicts.end()) {
        ADD_FAILURE() << name << " declares no claim '" << id << "'";
        continue;
      }
      if (!v->holds) {
        ADD_FAILURE() << name << "/" << id << " was not measured";
        continue;
      }
      EXPECT_TRUE(*v->holds) << name << "/" << id << ": " << v->statement << "; measured " << v->measured
                             << ", threshold " << v->quantity << " " << v->threshold;
    }
    return outcome;
  }

  // The InputError message that running `name` with `flags` gives ("" if it runs): a bad
  // setting must be refused, naming its flag, before anything is trained. A tiny training
  // unless `flags` set one, so that a setting it fails to refuse costs a second.
  std::string refusal(const std::string& name, std::map<std::string, std::string> flags) {
    const auto* experiment = experiments::suite().find(name);
    EXPECT_NE(experiment, nullptr) << name;
    if (!experiment) return {};
    flags.try_emplace("n", "20");
    flags.try_emplace("epochs", "1");
    try {
      experiment->run(flags, {std::nullopt, 2, false}, dir());
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

}  // namespace topae::test
