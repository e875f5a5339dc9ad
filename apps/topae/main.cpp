// topae: autoencoder anomaly detection that knows about topology.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <CLI/CLI.hpp>
#include <exception>

#include "commands.hpp"
#include "topae/core/error.hpp"
#include "topae/core/threads.hpp"
#include "topae/core/version.hpp"

namespace topae::cli {

void add_common_options(CLI::App& sub, CommonOptions& options) {
  sub.add_option("--threads", options.threads, "Threads (0: every hardware thread)")
      ->check(CLI::Range(0, 4096).description(""))
      ->capture_default_str();
  sub.add_flag("--quiet", options.quiet, "No progress bar and no summary");
}

int apply_threads(const CommonOptions& options) {
  set_threads(options.threads);
  return threads();
}

// "train " or "generate circle " for the subcommand being parsed, for usage hints.
std::string subcommand_path(const CLI::App& app) {
  std::string path;
  for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().front();
    path += sub->get_name() + " ";
  }
  return path;
}

}  // namespace topae::cli

int main(int argc, char** argv) {
  CLI::App app{"topae: autoencoder anomaly detection that knows about topology.\n"
               "Train autoencoders, score events, and measure where the topology of the data fools them."};
  app.set_version_flag("--version", std::string(topae::version()));
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  topae::cli::add_generate(app);
  topae::cli::add_train(app);
  topae::cli::add_score(app);
  topae::cli::add_roc(app);
  topae::cli::add_bumphunt(app);
  topae::cli::add_experiment(app);
  topae::cli::add_reproduce(app);
  topae::cli::add_report(app);

  // CLI11 would report a missing subcommand; name the unknown word instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> commands;
    for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) commands.push_back(sub->get_name());
    if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
      fmt::print(stderr, "topae: error: unknown command '{}' (commands: {}; see topae --help)\n", argv[1],
                 fmt::join(commands, ", "));
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other error: what is wrong and where to look.
    fmt::print(stderr, "topae: error: {} (see topae {}--help)\n", e.what(), topae::cli::subcommand_path(app));
    return 2;
  } catch (const topae::InputError& e) {
    fmt::print(stderr, "topae: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "topae: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
