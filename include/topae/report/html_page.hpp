#pragma once
// The frame of every page topae writes (the suite's report, the audit, the seams): the same
// head and style sheet, and figures embedded so that a page is one self-contained file.
#include <filesystem>
#include <string>

namespace topae::report {

// "<!DOCTYPE html> ... <body>\n": the head, with the title, the generator's version and the
// style sheet.
std::string html_page_start(const std::string& title, const std::string& version);

// <figure> with the image embedded as a data URI and the caption (escaped, if any) below it.
std::string html_figure(const std::filesystem::path& image, const std::string& caption);

}  // namespace topae::report
