// topae generate <manifold> ... -o FILE
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/table_io.hpp"

namespace topae::cli {

void add_generate(CLI::App& app) {
  auto* generate = app.add_subcommand("generate", "Generate a data set (CSV or HDF5, by the output's extension)");
  generate->require_subcommand(1);

  struct Options {
    data::CircleSpec spec;
    std::string output;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto* circle = generate->add_subcommand("circle", "Circle of radius R in R^2, uniform in angle: columns x, y, theta");
  circle->add_option("--n", opt->spec.n, "Number of points")->capture_default_str();
  circle->add_option("--radius", opt->spec.radius, "Radius")->capture_default_str();
  circle->add_option("--noise", opt->spec.noise, "Standard deviation of Gaussian noise on x and y")->capture_default_str();
  circle->add_option("--seed", opt->spec.seed, "Random seed")->capture_default_str();
  circle->add_option("-o,--output", opt->output, "Output file (.csv or .h5)")->required();
  add_common_options(*circle, opt->common);
  circle->callback([opt] {
    apply_threads(opt->common);
    const auto d = data::generate_circle(opt->spec);
    data::write_table(d, opt->output);
    if (!opt->common.quiet) fmt::print("generated {} circle points -> {}\n", d.n_events(), opt->output);
  });
}

}  // namespace topae::cli
