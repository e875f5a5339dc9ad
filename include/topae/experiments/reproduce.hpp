#pragma once
// `topae reproduce`: every experiment of a registry from one command.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "topae/experiments/registry.hpp"

namespace topae::experiments {

struct ReproduceConfig {
  std::filesystem::path output = "results";
  SuiteSettings suite;
  std::vector<std::string> only;  // experiments to run; empty: all
  int threads = 0;
  bool progress = true;
};

struct Reproduction {
  nlohmann::json results;         // as written to OUTPUT/results.json
  std::vector<Outcome> outcomes;  // in the registry's order
};

// Runs the selected experiments into config.output/<experiment>/, writes
// config.output/results.json, summary.json and report.html. Throws InputError on an unknown
// name in `only`, before anything runs.
Reproduction run_reproduce(const Registry& registry, const ReproduceConfig& config);

}  // namespace topae::experiments
