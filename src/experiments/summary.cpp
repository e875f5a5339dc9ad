#include "topae/experiments/summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/json_file.hpp"

namespace topae::experiments {

namespace {

using nlohmann::json;

json section_json(const Section& s, const json& seconds) {
  return {{"name", s.name},       {"title", s.title},          {"text", s.text},
          {"command", s.command}, {"seconds", seconds},        {"numbers", json(s.numbers)},
          {"tables", json(s.tables)},   {"figures", json(s.figures)}, {"snapshots", json(s.snapshots)}};
}

}  // namespace

json suite_summary(const Registry& registry, const json& results, const std::filesystem::path& dir) {
  const auto source = (dir / "results.json").string();
  const json& ran = results.at("experiments");
  for (const auto& [name, r] : ran.items()) {
    if (!registry.find(name)) {
      throw InputError(fmt::format("{}: unknown experiment '{}' (experiments: {})", source, name,
                                   fmt::join(registry.names(), ", ")));
    }
  }
  const std::string output = results.at("config").at("output").get<std::string>();
  json experiments = json::array(), claims = json::array();
  // In the registry's order, not the JSON object's (alphabetical) one.
  for (const auto& experiment : registry.experiments()) {
    if (!ran.contains(experiment.name())) continue;
    Section s;
    try {
      s = experiment.section(ran.at(experiment.name()), dir, output);
    } catch (const json::exception& e) {
      throw InputError(fmt::format("{}: experiment '{}' lacks a result the summary needs ({})", source,
                                   experiment.name(), e.what()));
    }
    experiments.push_back(section_json(s, results.at("seconds").at(experiment.name())));
    for (const auto& v : s.claims) claims.push_back(v.to_json());
  }
  const bool full = results.at("config").value("full", false);
  // The run's settings, then every experiment's resolved configuration (seeds included).
  json config = results.at("config");
  for (const auto& [name, r] : ran.items()) config["experiments"][name] = r.at("config");
  return {{"title", fmt::format("topae reproduce: {} suite", full ? "full" : "quick")},
          {"topae_version", results.at("topae_version")},
          {"total_seconds", results.at("total_seconds")},
          {"config", config},
          {"claims", claims},
          {"experiments", experiments}};
}

json write_suite_summary(const Registry& registry, const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw InputError(dir, "no such folder");
  const auto path = dir / "results.json";
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError(path, fmt::format("no such file (run topae reproduce -o {} first)", dir.string()));
  }
  const auto results = read_json_file(path);
  json summary;
  try {
    summary = suite_summary(registry, results, dir);
  } catch (const json::exception& e) {
    throw InputError(path, std::string("not the results of topae reproduce: ") + e.what());
  }
  write_text_atomically(dir / "summary.json", summary.dump(2) + "\n");
  return summary;
}

}  // namespace topae::experiments
