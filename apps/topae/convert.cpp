// topae convert TABLE -o TABLE
#include <fmt/core.h>

#include <memory>
#include <optional>

#include "commands.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/data/table_reader.hpp"
#include "topae/data/table_writer.hpp"

namespace topae::cli {

void add_convert(CLI::App& app) {
  struct Options {
    std::string input;
    std::string output;
    data::ReadOptions read;
    data::WriteOptions write;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "convert", "Copy the events of a table that pass a selection into another table, CSV or HDF5 (a pandas "
                 "frame into topae's layout, a side-band, the first N events), chunk by chunk");
  sub->add_option("TABLE", opt->input, "Table to read (.csv, or .h5 in topae's layout or a pandas frame)")->required();
  sub->add_option("-o,--output", opt->output, "Table to write (.csv or .h5)")->required();
  add_read_options(*sub, opt->read);
  add_write_options(*sub, opt->write);
  add_common_options(*sub, opt->common);

  sub->callback([opt] {
    apply_threads(opt->common);
    const InputGuard guard({opt->input});
    check_output_path(opt->output);
    data::TableReader reader(opt->input, opt->read);
    data::TableWriter writer(opt->output, reader.schema(), opt->write);
    data::Dataset chunk;
    while (reader.next(chunk)) writer.append(chunk);
    if (writer.rows_written() == 0) throw InputError(opt->input, "no events left: " + reader.summary());
    writer.commit();
    if (!opt->common.quiet) fmt::print("{}: {} -> {}\n", opt->input, reader.summary(), opt->output);
  });
}

}  // namespace topae::cli
