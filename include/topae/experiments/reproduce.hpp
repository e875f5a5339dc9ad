#pragma once
// `topae reproduce`: the study's examples from one command.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace topae::experiments {

struct ReproduceConfig {
  std::filesystem::path output = "results";
  bool full = false;              // publication statistics instead of the quick suite
  int seeds = 0;                  // 0: the suite's default
  std::vector<std::string> only;  // experiments to run; empty: all
  int threads = 0;
  bool progress = true;
};

// The experiments `reproduce` knows, in the order it runs them.
std::vector<std::string> suite_experiments();

// Runs the suite into config.output/<experiment>/ and writes config.output/results.json;
// returns it. Throws InputError on an unknown name in `only`.
nlohmann::json run_reproduce(const ReproduceConfig& config);

}  // namespace topae::experiments
