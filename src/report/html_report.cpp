#include "topae/report/html_report.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "json_field.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/json_file.hpp"
#include "topae/report/html_page.hpp"
#include "topae/report/html_text.hpp"
#include "topae/report/latent_viewer.hpp"

namespace topae::report {
namespace {


// The page's own check, for people and headless browsers: once everything has loaded, <body>
// gets data-figures="loaded/all" for the <img> figures and data-viewers="drawn/all".
constexpr std::string_view kCheckScript = R"js(
window.addEventListener("load", function () {
  "use strict";
  function count(selector, ok) {
    var all = document.querySelectorAll(selector), n = 0;
    Array.prototype.forEach.call(all, function (e) { if (ok(e)) n++; });
    return n + "/" + all.length;
  }
  document.body.setAttribute("data-figures", count("figure img", function (img) {
    return img.complete && img.naturalWidth > 0;
  }));
  document.body.setAttribute("data-viewers", count(".latent-viewer canvas", function (c) {
    return Number(c.getAttribute("data-drawn")) > 0;
  }));
});
)js";

// "39.0 s", "4 min 12 s", "2 h 5 min".
std::string duration(double seconds) {
  if (!(seconds >= 0)) return "unknown";
  if (seconds < 60) return fmt::format("{:.1f} s", seconds);
  const auto s = std::llround(seconds);
  if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
  return fmt::format("{} h {} min", s / 3600, s % 3600 / 60);
}

// A fragment id for `name`: lower-case letters, digits and '-' after `prefix`, made unique in `taken`.
std::string anchor(const std::string& prefix, const std::string& name, std::set<std::string>& taken) {
  std::string id = prefix;
  for (const unsigned char c : name) {
    if (std::isalnum(c))
      id += static_cast<char>(std::tolower(c));
    else if (id.back() != '-')
      id += '-';
  }
  while (id.size() > 1 && id.back() == '-') id.pop_back();
  std::string unique = id;
  for (int n = 2; !taken.insert(unique).second; ++n) unique = fmt::format("{}-{}", id, n);
  return unique;
}

// A file that summary.json names at `field`, relative to `dir`; throws InputError naming the
// file (and where summary.json names it) if it is absent.
std::filesystem::path named_file(const JsonField& field, const std::filesystem::path& dir) {
  const std::filesystem::path relative = field.string();
  if (relative.empty() || relative.is_absolute()) field.fail("must be a path relative to the results folder");
  const auto file = dir / relative;
  if (!std::filesystem::is_regular_file(file))
    throw InputError(file, fmt::format("no such file (named by {} at '{}')", field.file().string(), field.key()));
  return file;
}

std::string figure_html(const JsonField& figure, const std::filesystem::path& dir) {
  const JsonField path = figure["path"];
  if (image_mime_type(path.string()).empty()) path.fail("is not an image (.svg, .png, .jpg, .jpeg, .gif or .webp)");
  return html_figure(named_file(path, dir), figure.string_or("caption", ""));
}

std::string numbers_html(const JsonField& numbers) {
  std::string html = "<table class=\"numbers\">\n<tbody>\n";
  for (const auto& number : numbers.elements())
    html += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(number["name"].string()),
                        html_escape(number["value"].text()));
  return html + "</tbody>\n</table>\n";
}

// A table with a caption and headings; every row must have a cell per heading.
std::string table_html(const JsonField& table) {
  const auto header = table["header"].elements();
  std::string html = "<table class=\"results\">\n";
  if (const auto caption = table.string_or("caption", ""); !caption.empty())
    html += fmt::format("<caption>{}</caption>\n", html_escape(caption));
  html += "<thead><tr>";
  for (const auto& heading : header) html += fmt::format("<th>{}</th>", html_escape(heading.text()));
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table["rows"].elements()) {
    const auto cells = row.elements();
    if (cells.size() != header.size())
      row.fail(fmt::format("has {} cells for {} headings", cells.size(), header.size()));
    html += "<tr>";
    for (const auto& cell : cells) html += fmt::format("<td>{}</td>", html_escape(cell.text()));
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

struct Section {
  std::string name;  // the experiment's name, as the claims name it
  std::string title;
  std::string anchor;
  std::string html;
};

Section experiment_section(const JsonField& experiment, const std::filesystem::path& dir, std::set<std::string>& ids) {
  Section s;
  s.name = experiment["name"].string();
  s.title = experiment.string_or("title", s.name);
  s.anchor = anchor("experiment-", s.name, ids);
  std::string& html = s.html;
  html = fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", s.anchor, html_escape(s.title));
  if (const auto text = experiment.find("text")) html += fmt::format("<p>{}</p>\n", html_escape(text->string()));
  if (const auto numbers = experiment.find("numbers"); numbers && !numbers->json().empty())
    html += numbers_html(*numbers);
  if (const auto tables = experiment.find("tables"))
    for (const auto& table : tables->elements()) html += table_html(table);
  if (const auto figures = experiment.find("figures"))
    for (const auto& figure : figures->elements()) html += figure_html(figure, dir);
  if (const auto snapshots = experiment.find("snapshots"); snapshots && !snapshots->json().empty()) {
    html += "<h3>Latent space during training</h3>\n";
    int n = 0;
    for (const auto& snapshot : snapshots->elements()) {
      const auto csv = named_file(snapshot["path"], dir);
      const auto data = latent_viewer_data(csv, {.color = snapshot.string_or("color", "")});
      html += latent_viewer_html(data, snapshot.string_or("caption", snapshot["path"].string()),
                                 fmt::format("{}-latent-{}", s.anchor, ++n));
    }
  }
  if (const auto command = experiment.find("command"))
    html += fmt::format("<p>Reproduce this experiment alone:</p>\n<pre><code>{}</code></pre>\n",
                        html_escape(command->string()));
  if (const auto seconds = experiment.find("seconds"))
    html += fmt::format("<p class=\"runtime\">Run time {}.</p>\n", duration(seconds->number()));
  html += "</section>\n";
  return s;
}

// The mark of a claim: yes, no, or "not judged" where `holds` is missing or null.
std::string holds_html(const JsonField& claim) {
  const auto holds = claim.find("holds");
  if (!holds) return "<td class=\"holds unknown\">&ndash; not judged</td>";
  return holds->boolean() ? "<td class=\"holds yes\">&#10003; yes</td>" : "<td class=\"holds no\">&#10007; no</td>";
}

std::string claims_html(const JsonField& claims, const std::vector<Section>& sections) {
  std::map<std::string, std::string> anchor_of;
  for (const auto& s : sections) anchor_of.try_emplace(s.name, s.anchor);
  int n = 0, holding = 0, unjudged = 0;
  std::string rows;
  for (const auto& claim : claims.elements()) {
    const std::string experiment = claim.string_or("experiment", "");
    const auto it = anchor_of.find(experiment);
    const std::string where = it == anchor_of.end()
                                  ? html_escape(experiment)
                                  : fmt::format("<a href=\"#{}\">{}</a>", it->second, html_escape(experiment));
    const auto measured = claim.find("measured");
    // The threshold with the quantity it applies to; why it sits there, on hover.
    const std::string quantity = claim.string_or("quantity", ""), threshold = claim.string_or("threshold", "");
    const std::string test = quantity.empty() ? threshold : quantity + " " + threshold;
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td title=\"{}\">{}</td>{}</tr>\n", where,
                        html_escape(claim["property"].string()), html_escape(measured ? measured->text() : ""),
                        html_escape(claim.string_or("why", "")), html_escape(test), holds_html(claim));
    ++n;
    const auto holds = claim.find("holds");
    holding += holds && holds->boolean();
    unjudged += !holds;
  }
  std::string html = "<section id=\"summary\">\n<h2>Summary</h2>\n";
  if (n == 0) return html + "<p>No properties were checked.</p>\n</section>\n";
  html += fmt::format("<p>{} of {} {} hold{}.</p>\n", holding, n, n == 1 ? "property" : "properties",
                      unjudged == 0 ? "" : fmt::format(" ({} not judged)", unjudged));
  return html +
         "<table class=\"claims\">\n<thead><tr><th>experiment</th><th>property</th><th>measured</th><th>test</th><th>holds</th></tr>"
         "</thead>\n<tbody>\n" +
         rows + "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string html_report(const nlohmann::ordered_json& summary, const std::filesystem::path& dir,
                        const std::filesystem::path& source) {
  const JsonField root(summary, source);
  if (!summary.is_object()) root.fail("must be a JSON object");
  const std::string title = root["title"].string();
  const std::string version = root["topae_version"].string();
  const double total_seconds = root["total_seconds"].number();
  const JsonField config = root["config"];
  const JsonField claims = root["claims"];

  std::set<std::string> ids{"contents", "summary", "configuration"};
  std::vector<Section> sections;
  for (const auto& experiment : root["experiments"].elements())
    sections.push_back(experiment_section(experiment, dir, ids));

  std::string html = html_page_start(title, version);
  html += fmt::format("<header>\n<h1>{}</h1>\n<p class=\"meta\">topae {} &middot; total run time {}</p>\n</header>\n",
                      html_escape(title), html_escape(version), duration(total_seconds));

  html += "<nav id=\"contents\">\n<h2>Contents</h2>\n<ol>\n<li><a href=\"#summary\">Summary</a></li>\n";
  for (const auto& s : sections)
    html += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", s.anchor, html_escape(s.title));
  html += "<li><a href=\"#configuration\">Configuration</a></li>\n</ol>\n</nav>\n";

  html += claims_html(claims, sections);
  for (const auto& s : sections) html += s.html;

  const std::string config_text = config.json().dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  html +=
      fmt::format("<section id=\"configuration\">\n<h2>Configuration</h2>\n<pre><code>{}</code></pre>\n</section>\n",
                  html_escape(config_text));
  html += fmt::format("<script>{}{}</script>\n</body>\n</html>\n", latent_viewer_script(), kCheckScript);
  return html;
}

std::filesystem::path write_html_report(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw InputError(dir, "no such folder");
  const auto source = dir / "summary.json";
  if (!std::filesystem::is_regular_file(source)) throw InputError(source, "no such file");
  const auto summary = read_json_file<nlohmann::ordered_json>(source);
  const auto target = dir / "report.html";
  write_text_atomically(target, html_report(summary, dir, source));
  return target;
}

}  // namespace topae::report
