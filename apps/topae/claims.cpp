// topae claims: every claim the experiments declare, with its threshold, as Markdown.
#include <fmt/core.h>

#include "commands.hpp"
#include "topae/experiments/claims_table.hpp"

namespace topae::cli {

void add_claims(CLI::App& app, const experiments::Registry& registry) {
  auto* sub = app.add_subcommand("claims",
                                 "Print every claim the experiments check: what is measured, the threshold fixed in "
                                 "advance and why (a Markdown table)");
  sub->callback([&registry] { fmt::print("{}", experiments::claims_markdown(registry)); });
}

}  // namespace topae::cli
