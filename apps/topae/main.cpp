// topae: autoencoder anomaly detection that knows about topology.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "commands.hpp"
#include "topae/core/error.hpp"
#include "topae/core/threads.hpp"
#include "topae/core/version.hpp"

namespace topae::cli {

void add_common_options(CLI::App& sub, CommonOptions& options) {
  sub.add_option("--threads", options.threads, "Threads to use (0: all hardware threads)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  sub.add_flag("--quiet", options.quiet, "No progress bar and no summary");
}

int apply_threads(const CommonOptions& options) {
  set_threads(options.threads);
  return threads();
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
  topae::cli::add_reproduce(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the error
    return code == 0 ? 0 : 2;
  } catch (const topae::InputError& e) {
    fmt::print(stderr, "topae: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "topae: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
