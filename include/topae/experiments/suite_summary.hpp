#pragma once
// What the report of `topae reproduce` says, as data: DIR/summary.json, read by the HTML
// report (report/html_report.hpp) and by programs. From the suite's results.json it makes
//   - claims: per experiment, each property the study predicts, the value measured and
//     whether it holds (the same bounds as tests/experiments/suite_properties_test.cpp);
//   - experiments: per experiment a short text, its key numbers, its figures, its latent
//     snapshots, its run time and the command that reproduces it alone;
//   - the title, the topae version, the resolved configuration and the total run time.
// docs/formats.md ("summary.json") gives the schema.
#include <filesystem>
#include <nlohmann/json.hpp>

namespace topae::experiments {

// `results`: the JSON `topae reproduce` writes to DIR/results.json; figure and snapshot
// paths are relative to DIR and listed only if they exist there. Throws InputError naming
// results.json if an experiment's results lack a number the summary needs.
nlohmann::json suite_summary(const nlohmann::json& results, const std::filesystem::path& dir);

// Reads DIR/results.json, writes DIR/summary.json (atomically) and returns it. Throws
// InputError naming the file if it is missing or not valid JSON.
nlohmann::json write_suite_summary(const std::filesystem::path& dir);

}  // namespace topae::experiments
