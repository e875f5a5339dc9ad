#include "topae/experiments/experiment.hpp"

#include <fmt/format.h>

#include "topae/core/atomic_file.hpp"

namespace topae::experiments {

TrainingConfig suite_training(const SuiteSettings& suite) {
  // Quick: enough to show every effect in a few minutes on two cores. Full: the statistics
  // a paper would quote.
  TrainingConfig training;
  training.n = suite.full ? 10000 : 2000;
  training.epochs = suite.full ? 1000 : 300;
  training.seeds = suite.seeds > 0 ? suite.seeds : (suite.full ? 8 : 2);
  return training;
}

namespace detail {

namespace {

// One line per run: its number-valued fields, nested objects left to results.json.
void summarise_runs(const nlohmann::json& j, const std::string& prefix, std::string& out) {
  if (!j.is_object()) return;
  for (const auto& [key, value] : j.items()) {
    if (key == "runs" && value.is_array()) {
      for (const auto& run : value) {
        std::string line = "  " + prefix;
        for (const auto& [field, v] : run.items()) {
          if (v.is_number_integer()) line += fmt::format(" {}={}", field, v.get<long long>());
          else if (v.is_number_float()) line += fmt::format(" {}={:.3g}", field, v.get<double>());
        }
        out += line + "\n";
      }
    } else if (value.is_object() && key != "config") {
      summarise_runs(value, prefix.empty() ? key + ":" : prefix + key + ":", out);
    }
  }
}

}  // namespace

std::string default_summary(const nlohmann::json& results) {
  std::string out = results.value("experiment", std::string("experiment")) + "\n";
  summarise_runs(results, "", out);
  return out;
}

void write_results_file(const std::filesystem::path& dir, const nlohmann::json& results) {
  write_text_atomically(dir / "results.json", results.dump(2) + "\n");
}

}  // namespace detail

}  // namespace topae::experiments
