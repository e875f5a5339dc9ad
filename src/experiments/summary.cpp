#include <fmt/format.h>

#include "topae/experiments/bump_hunt.hpp"
#include "topae/experiments/circle.hpp"
#include "topae/experiments/phase_space.hpp"
#include "topae/experiments/surfaces.hpp"

namespace topae::experiments {

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

std::string experiment_summary(const nlohmann::json& results) {
  std::string out = results.value("experiment", std::string("experiment")) + "\n";
  summarise_runs(results, "", out);
  return out;
}

std::string suite_summary(const std::string& name, const nlohmann::json& results) {
  if (name == "circle") return circle_summary(results);
  if (name == "phase-space") return phase_space_summary(results);
  if (name == "bump-hunt") return bump_hunt_summary(results);
  return experiment_summary(results);
}

}  // namespace topae::experiments
