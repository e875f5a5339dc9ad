#pragma once
// `topae reproduce`: the study's examples from one command.
#include <filesystem>
#include <nlohmann/json.hpp>

namespace topae::experiments {

struct ReproduceConfig {
  std::filesystem::path output = "results";
  bool full = false;  // publication statistics instead of the quick suite
  int seeds = 0;      // 0: the suite's default
  int threads = 1;
  bool progress = true;
};

// Runs the suite into config.output and writes results.json there; returns it.
nlohmann::json run_reproduce(const ReproduceConfig& config);

}  // namespace topae::experiments
