// The topae command line: every subcommand, the shared flags, and errors as exit codes.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <exception>
#include <set>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/parse.hpp"
#include "topae/core/threads.hpp"
#include "topae/core/version.hpp"
#include "topae/report/figure_writer.hpp"

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

void add_figure_options(CLI::App& sub) {
  sub.add_flag_callback("--no-figures", [] { report::set_figures_enabled(false); },
                        "Write every number (JSON, CSV, HDF5) but draw no figure");
}

void add_read_options(CLI::App& sub, data::ReadOptions& options) {
  sub.add_option("--key", options.key, "HDF5 input: the table to read (a pandas key such as df, or a group)");
  sub.add_option("--exclude", options.exclude, "Columns to leave out (label and weight too); --where may still use them")
      ->delimiter(',');
  sub.add_option("--where", options.where,
                 "Events to keep, e.g. \"label == 0 && mjj > 3300\": comparisons, && || !, + - * /, `odd name`");
  sub.add_option_function<std::string>(
         "--nan",
         [&options](const std::string& policy) {
           options.nan = policy == "drop" ? data::NanPolicy::drop : data::NanPolicy::fail;
         },
         "Missing values in a column read: fail (an error naming it, the default) or drop (leave the event out)")
      ->check(CLI::IsMember({"fail", "drop"}));
  sub.add_option("--max-events", options.max_events, "Read at most this many events that pass (0: all)");
}

void add_write_options(CLI::App& sub, data::WriteOptions& options) {
  sub.add_option_function<std::string>(
         "--compression",
         [&options](const std::string& text) {
           options.compression = text == "none" ? data::Compression::none : data::Compression::gzip;
           if (text.size() > 5) options.gzip_level = text[5] - '0';
         },
         "HDF5 outputs: none (the default), or gzip[:LEVEL] (1-9, default 1), with byte shuffling")
      ->check(CLI::IsMember({"none", "gzip", "gzip:1", "gzip:2", "gzip:3", "gzip:4", "gzip:5", "gzip:6", "gzip:7",
                             "gzip:8", "gzip:9"}));
}

namespace {

// A validator by core's integer reader: `accepts(text)`, else "'TEXT' is not WHAT".
template <typename Accepts>
CLI::Validator decimal_integer(const std::string& name, const std::string& what, Accepts accepts) {
  const auto check = [what, accepts](std::string& text) {
    return accepts(text) ? std::string() : "'" + text + "' is not " + what;
  };
  return CLI::Validator(check, "", name);
}

// Calls f on every option of `app` and of its subcommands, recursively.
template <typename F>
void for_each_option(CLI::App& app, const F& f) {
  for (CLI::Option* option : app.get_options()) f(app, *option);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) for_each_option(*sub, f);
}

}  // namespace

void check_integer_flags(CLI::App& app) {
  static const std::set<std::string> counts = {
      "n",          "n-test",          "events",           "epochs",     "batch",          "seeds",
      "snapshot-every", "latent",      "hidden",           "decoder-hidden", "checkpoint-every", "early-stopping",
      "plateau-patience", "step-size", "embed-dim",        "dim",        "particles",      "bins",
      "pseudo",     "min-width",       "max-width",        "fit-degree", "grid",           "search-starts",
      "momentum-latent", "invariant-latent", "threads", "folds", "max-events"};
  const auto seed = decimal_integer("SEED", "a seed (an integer 0..18446744073709551615 in decimal)",
                                    [](const std::string& text) { return to_uint(text).has_value(); });
  const auto count = decimal_integer("COUNT", "a count (an integer >= 0 in decimal)", [](const std::string& text) {
    const auto value = to_int(text);
    return value && *value >= 0;
  });
  for_each_option(app, [&](const CLI::App& command, CLI::Option& option) {
    const auto& names = option.get_lnames();  // "--n,--events": one check, not two
    if (command.get_name() == "train" && names == std::vector<std::string>{"seeds"}) return;  // a list: 1-16
    if (std::find(names.begin(), names.end(), "seed") != names.end()) option.check(seed);
    else if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return counts.count(n) > 0; }))
      option.check(count);
  });
}

void show_list_defaults_as_typed(CLI::App& app) {
  for_each_option(app, [](const CLI::App&, CLI::Option& option) {
    const std::string shown = option.get_default_str();
    if (shown.size() >= 2 && shown.front() == '[' && shown.back() == ']')
      option.default_str(shown.substr(1, shown.size() - 2));
  });
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


int run(int argc, char** argv, const experiments::Registry& registry) {
  CLI::App app{"topae: autoencoder anomaly detection that knows about topology.\n"
               "Train autoencoders, score events, and measure where the topology of the data fools them."};
  app.set_version_flag("--version", std::string(topae::version()));
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  topae::cli::add_generate(app);
  topae::cli::add_features(app);
  topae::cli::add_audit(app);
  topae::cli::add_convert(app);
  topae::cli::add_train(app);
  topae::cli::add_score(app);
  topae::cli::add_roc(app);
  topae::cli::add_bumphunt(app);
  topae::cli::add_seams(app);
  topae::cli::add_reproduce(app, registry);
  topae::cli::add_report(app, registry);
  topae::cli::add_claims(app, registry);
  topae::cli::check_integer_flags(app);
  // After the check above: an experiment's flags are parsed and checked by the library.
  topae::cli::add_experiment(app, registry);
  topae::cli::show_list_defaults_as_typed(app);
  topae::install_interrupt_handlers();

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
  } catch (const topae::Interrupted& e) {
    fmt::print(stderr, "topae: {}\n", e.what());
    return 128 + e.signal();
  } catch (const topae::InputError& e) {
    fmt::print(stderr, "topae: error: {}\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    // Sizes are checked before they are allocated; this is what slipped through.
    std::string command = topae::cli::subcommand_path(app);
    if (!command.empty()) command.pop_back();
    fmt::print(stderr, "topae: error: out of memory running 'topae {}'\n", command);
    return 2;
  } catch (const std::exception& e) {
    // Messages of other libraries are not made printable at construction.
    fmt::print(stderr, "topae: error: {}\n", topae::printable(e.what()));
    return 1;
  }
  if (const auto skipped = topae::report::skipped_figures(); skipped.count > 0) {
    fmt::print(stderr, "topae: {} figure{} not drawn: {}\n", skipped.count, skipped.count == 1 ? "" : "s",
               skipped.reason);
  }
  return 0;
}

}  // namespace topae::cli
