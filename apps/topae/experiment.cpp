// topae experiment <name> [flags] -o DIR: one subcommand per experiment of the registry, one
// option per parameter it declares.
#include <fmt/core.h>

#include <map>
#include <memory>

#include "commands.hpp"
#include "topae/experiments/registry.hpp"

namespace topae::cli {

void add_experiment(CLI::App& app, const experiments::Registry& registry) {
  auto* experiment = app.add_subcommand("experiment", "Run one experiment of the study's suite into a folder");
  experiment->require_subcommand(1);
  for (const auto& e : registry.experiments()) {
    struct Options {
      std::map<std::string, std::string> values;  // every flag's text; those given are passed on
      std::string output;
      CommonOptions common;
    };
    auto opt = std::make_shared<Options>();
    opt->output = "out/" + e.name();
    auto* sub = experiment->add_subcommand(e.name(), e.help());
    std::vector<std::pair<std::string, CLI::Option*>> given;
    for (const auto& p : e.parameters()) {
      std::string names = "--" + p.flag;
      for (const auto& alias : p.aliases) names += ",--" + alias;
      auto* option = sub->add_option(names, opt->values[p.flag], p.help)->default_str(p.default_value)->type_name(p.type);
      given.emplace_back(p.flag, option);
    }
    sub->add_option("-o,--output", opt->output, "Output folder")->capture_default_str();
    add_common_options(*sub, opt->common);
    add_figure_options(*sub);
    sub->callback([opt, given, &e] {
      std::map<std::string, std::string> flags;
      for (const auto& [flag, option] : given)
        if (option->count() > 0) flags[flag] = opt->values.at(flag);
      const auto outcome = e.run(flags, {std::nullopt, apply_threads(opt->common), !opt->common.quiet}, opt->output);
      if (!opt->common.quiet) fmt::print("{}results in {}/\n", outcome.summary, opt->output);
    });
  }
}

}  // namespace topae::cli
