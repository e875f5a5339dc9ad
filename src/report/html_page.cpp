#include "topae/report/html_page.hpp"

#include <fmt/format.h>

#include <string_view>

#include "topae/report/html_text.hpp"

namespace topae::report {

namespace {

// The page's style sheet: the system's fonts, readable line length, tables that fit.
constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 70rem; padding: 1.5rem 2rem 4rem; line-height: 1.5; color: #1d1f21; background: #fff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans",
  sans-serif; }
h1 { margin-bottom: 0.2rem; }
h2 { margin-top: 2.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid #d0d7de; }
a { color: #0a58ca; }
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono",
  monospace; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 0.6rem 0.9rem; overflow-x: auto;
  font-size: 0.85rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.35rem 0.7rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
caption { caption-side: top; text-align: left; color: #57606a; padding-bottom: 0.3rem; }
td.holds { white-space: nowrap; font-weight: 600; }
.yes { color: #1a7f37; }
.no { color: #cf222e; }
.unknown { color: #6e7781; }
.meta, .runtime, figcaption { color: #57606a; }
figure { margin: 1.5rem 0; }
figure img, figure canvas { display: block; max-width: 100%; height: auto; border: 1px solid #eaeef2; }
figcaption { font-size: 0.9rem; margin-top: 0.3rem; }
.controls { margin-top: 0.4rem; }
.controls input { width: 24rem; max-width: 60vw; vertical-align: middle; }
nav ol { padding-left: 1.4rem; }
@media print { .controls { display: none; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
)css";

}  // namespace

std::string html_page_start(const std::string& title, const std::string& version) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += fmt::format("<meta name=\"generator\" content=\"topae {}\">\n", html_escape(version));
  html += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(title), kStyle);
  return html;
}

std::string html_figure(const std::filesystem::path& image, const std::string& caption) {
  const std::string text = html_escape(caption);
  const std::string uri = image_data_uri(image);
  if (text.empty())
    return fmt::format("<figure>\n<img src=\"{}\" alt=\"{}\">\n</figure>\n", uri, html_escape(image.filename().string()));
  return fmt::format("<figure>\n<img src=\"{}\" alt=\"{}\">\n<figcaption>{}</figcaption>\n</figure>\n", uri, text,
                     text);
}

}  // namespace topae::report
