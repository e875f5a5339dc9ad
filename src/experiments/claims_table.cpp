#include "topae/experiments/claims_table.hpp"

#include <fmt/format.h>

namespace topae::experiments {

namespace {

// A table cell: a '|' would end it early.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string claims_markdown(const Registry& registry) {
  std::string out =
      "| experiment | claim | measured | threshold | why this threshold |\n|---|---|---|---|---|\n";
  for (const auto& e : registry.experiments()) {
    for (const auto& c : e.claims()) {
      out += fmt::format("| {} | {} | {} | {} | {} |\n", cell(e.name()), cell(c.statement), cell(c.quantity),
                         cell(c.threshold), cell(c.why));
    }
  }
  return out;
}

}  // namespace topae::experiments
