#pragma once
// The subcommands of the topae CLI. Each file parses flags into a library config and calls
// the library; no logic lives here.
#include <CLI/CLI.hpp>

#include "topae/data/table_reader.hpp"
#include "topae/data/table_writer.hpp"
#include "topae/experiments/registry.hpp"

namespace topae::cli {

void add_generate(CLI::App& app);
void add_features(CLI::App& app);
void add_train(CLI::App& app);
void add_score(CLI::App& app);
void add_roc(CLI::App& app);
void add_reproduce(CLI::App& app, const experiments::Registry& registry);
void add_experiment(CLI::App& app, const experiments::Registry& registry);
void add_bumphunt(CLI::App& app);
void add_seams(CLI::App& app);
void add_report(CLI::App& app, const experiments::Registry& registry);
void add_claims(CLI::App& app, const experiments::Registry& registry);
void add_audit(CLI::App& app);
void add_convert(CLI::App& app);

// The whole command line over `registry`'s experiments: parses argv, runs the command, prints
// errors; returns the exit code (0, 1 failure, 2 bad usage or input, 128 + signal).
int run(int argc, char** argv, const experiments::Registry& registry);

// --threads N (0: all hardware threads) and --quiet, shared by the subcommands.
struct CommonOptions {
  int threads = 0;
  bool quiet = false;
};
void add_common_options(CLI::App& sub, CommonOptions& options);
// Applies --threads and returns the thread count in force.
int apply_threads(const CommonOptions& options);

// --no-figures: every number is still written; no figure is drawn.
void add_figure_options(CLI::App& sub);

// --key, --exclude, --where, --nan, --max-events: which events and columns of the input
// tables are read (data/table_reader.hpp); every input table of the command gets them.
void add_read_options(CLI::App& sub, data::ReadOptions& options);
// --compression none|gzip[:LEVEL]: how HDF5 outputs are stored (data/table_writer.hpp).
void add_write_options(CLI::App& sub, data::WriteOptions& options);

// Integer flags in decimal only, checked by the flag's name in every subcommand: --seed is
// 0..2^64-1 and counts (--n, --epochs, --checkpoint-every, ...) are >= 0. Without this,
// CLI11 reads --seed -1 as 2^64-1.
void check_integer_flags(CLI::App& app);

// CLI11 shows a list's default as "[64,64]" and an empty one as "[]", which the flag does not
// take back: show "64,64", or nothing for an empty list.
void show_list_defaults_as_typed(CLI::App& app);

}  // namespace topae::cli
