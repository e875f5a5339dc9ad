#pragma once
// The HTML report of a results folder: DIR/summary.json (its schema is in docs/formats.md,
// "summary.json") rendered as one self-contained page, DIR/report.html:
//
//   the title, the topae version and the total run time;
//   a table of contents;
//   the summary table: per claim the experiment, the property, what was measured, and
//     whether it holds (a yes / no mark);
//   per experiment a section: its text, key numbers, figures with captions, latent-space
//     viewers (latent_viewer.hpp), the command that reproduces it alone, its run time;
//   the resolved configuration, pretty-printed.
//
// Figures are embedded as base64 data URIs (so several gnuplot SVGs cannot clash on element
// ids), styles and scripts are inline, and the page loads nothing from anywhere: it can be
// mailed or archived as one file. Every text from summary.json is HTML-escaped. The same
// inputs give the same bytes: the page holds no time but the ones summary.json holds.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace topae::report {

// The page for `summary` (summary.json as parsed), reading the figures and snapshot tables it
// names relative to `dir`. `source` names summary.json in error messages.
// Throws InputError naming `source` and the key ("experiments[0].figures[1].path") if a
// required key is missing or of the wrong type, and naming the file if a figure or snapshot
// table cannot be read.
std::string html_report(const nlohmann::ordered_json& summary, const std::filesystem::path& dir,
                        const std::filesystem::path& source);

// Reads DIR/summary.json and writes DIR/report.html atomically; returns the path written.
// Throws InputError naming the file if DIR or summary.json is missing or summary.json is not
// valid JSON, and as html_report does; nothing is written then.
std::filesystem::path write_html_report(const std::filesystem::path& dir);

// The report's style sheet (the CSS inside its <style>), for other pages in its style.
std::string_view report_style();

}  // namespace topae::report
