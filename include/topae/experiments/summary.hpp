#pragma once
// What the report of `topae reproduce` says, as data: DIR/summary.json, read by the HTML
// report (report/html_report.hpp) and by programs. Made from DIR/results.json and the
// registry's declarations:
//   - claims: every experiment's claims with the value measured, the threshold and the verdict;
//   - experiments: per experiment its text, the numbers and tables it quotes, its figures and latent
//     snapshots, its run time and the command that reproduces it alone;
//   - the title, the topae version, the resolved configuration and the total run time.
// docs/formats.md ("summary.json") gives the schema.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "topae/experiments/registry.hpp"

namespace topae::experiments {

// `results`: what `topae reproduce` writes to DIR/results.json. Throws InputError naming
// DIR/results.json if an experiment's results lack what its section needs, or name an
// experiment the registry does not know.
nlohmann::json suite_summary(const Registry& registry, const nlohmann::json& results, const std::filesystem::path& dir);

// Reads DIR/results.json, writes DIR/summary.json (atomically) and returns it. Throws
// InputError naming the file if it is missing or not valid JSON.
nlohmann::json write_suite_summary(const Registry& registry, const std::filesystem::path& dir);

}  // namespace topae::experiments
