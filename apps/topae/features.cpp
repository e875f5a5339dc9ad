// topae features EVENTS -o TABLE
#include <fmt/core.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <system_error>

#include "commands.hpp"
#include "topae/core/atomic_file.hpp"
#include "topae/core/parse.hpp"
#include "topae/core/progress.hpp"
#include "topae/physics/io/event_features.hpp"

namespace topae::cli {

namespace {

// A decimal integer in [lo, hi] (check_integer_flags covers only the counts it lists).
CLI::Validator integer_in(std::int64_t lo, std::int64_t hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) {
        const auto value = to_int(text);
        return value && *value >= lo && *value <= hi
                   ? std::string()
                   : fmt::format("'{}' is not an integer {}..{} in decimal", text, lo, hi);
      },
      "", "INTEGER");
}

}  // namespace

void add_features(CLI::App& app) {
  struct Options {
    std::string events;
    std::string output;
    std::string format;
    int status = 1;
    std::string pdg;
    std::string exclude_pdg;
    int particles = 4;
    std::string momenta = "e-p";
    int n_jets = 0;
    std::string jets = "antikt";
    double jet_r = 0.4;
    double jet_ptmin = 0;
    int min_particles = 0;
    int min_jets = 0;
    std::int64_t max_events = 0;
    Index chunk = 10000;
    data::WriteOptions write;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "features", "Event files (HepMC3, HepMC2, LHE; gzip too) into a feature table: the leading particles' and jets' "
                  "four-momenta, jet masses and N-subjettiness, pair masses, the weights (docs/cli.md)");
  sub->add_option("EVENTS", opt->events, "Event file: .hepmc/.hepmc3, .hepmc2 or .lhe, each optionally .gz")
      ->required();
  sub->add_option("-o,--output", opt->output, "Table to write (.csv or .h5)")->required();
  sub->add_option("--format", opt->format,
                  "hepmc3, hepmc2 or lhe (default: as the file's first lines say, else as its name says)");
  sub->add_option("--status", opt->status, "Select particles of this status (1: the final state)")
      ->check(integer_in(INT32_MIN, INT32_MAX));
  sub->add_option("--pdg", opt->pdg,
                  "Select only these PDG ids, by |id| (comma-separated; 11 stands for e- and e+ alike)");
  sub->add_option("--exclude-pdg", opt->exclude_pdg,
                  "Leave out these PDG ids, by |id| (12,14,16: every neutrino and antineutrino)");
  sub->add_option("--particles", opt->particles, "Leading selected particles (by pT) whose momenta are columns");
  sub->add_option("--momenta", opt->momenta, "Momentum columns: e-p (E, px, py, pz) or pt-eta-phi-m");
  sub->add_option("--n-jets", opt->n_jets, "Leading jets (by pT) in the table; 0: no jets clustered")
      ->check(integer_in(0, 1000));
  sub->add_option("--jets", opt->jets, "Jet algorithm (FastJet): antikt, kt or ca (Cambridge/Aachen)");
  sub->add_option("--jet-r", opt->jet_r, "Jet radius R, also R0 of N-subjettiness");
  sub->add_option("--jet-ptmin", opt->jet_ptmin, "Smallest jet pT kept, GeV");
  sub->add_option("--min-particles", opt->min_particles, "Leave out events with fewer selected particles")
      ->check(integer_in(0, INT32_MAX));
  sub->add_option("--min-jets", opt->min_jets, "Leave out events with fewer jets")->check(integer_in(0, INT32_MAX));
  sub->add_option("--max-events", opt->max_events, "Read at most this many events (0: all)");
  sub->add_option("--chunk", opt->chunk, "Events per chunk written (memory stays constant)")
      ->check(integer_in(1, 10'000'000));
  add_write_options(*sub, opt->write);
  add_common_options(*sub, opt->common);

  sub->callback([opt] {
    const int threads = apply_threads(opt->common);
    const InputGuard guard({opt->events});
    check_output_path(opt->output);
    physics::io::EventFeatureSpec spec;
    spec.selection.status = opt->status;
    spec.selection.pdg = physics::io::parse_pdg_list(opt->pdg, "--pdg");
    spec.selection.exclude_pdg = physics::io::parse_pdg_list(opt->exclude_pdg, "--exclude-pdg");
    spec.n_particles = opt->particles;
    spec.momenta = physics::io::parse_momentum_coordinates(opt->momenta);
    spec.n_jets = opt->n_jets;
    spec.jets.algorithm = physics::jets::parse_jet_algorithm(opt->jets);
    spec.jets.r = opt->jet_r;
    spec.jets.ptmin = opt->jet_ptmin;
    spec.min_particles = opt->min_particles;
    spec.min_jets = opt->min_jets;
    spec.check();
    std::optional<physics::io::EventFormat> format;
    if (!opt->format.empty()) format = physics::io::parse_event_format(opt->format);

    physics::io::EventTableOptions options;
    options.chunk_events = opt->chunk;
    options.max_events = opt->max_events;
    // By the bytes of the file read (compressed, for .gz): the number of events is not known.
    constexpr double mb = 1e6;
    std::error_code ec;
    const auto size = std::filesystem::file_size(opt->events, ec);
    ProgressBar bar("features", ec ? 1 : static_cast<std::int64_t>(std::ceil(static_cast<double>(size) / mb)), "MB",
                    !opt->common.quiet);
    options.threads = threads;  // more than 1: the events are read on a thread of their own
    options.progress = [&bar](const physics::io::EventProgress& progress) {
      bar.update(static_cast<std::int64_t>(static_cast<double>(progress.bytes_read) / mb));
    };
    const auto s = physics::io::write_event_table(opt->events, format, spec, options, opt->output, opt->write);
    bar.finish();
    if (opt->common.quiet) return;

    const double kept = static_cast<double>(s.events_kept);
    const std::string jets =
        spec.n_jets > 0 ? fmt::format(" and {:.2f} jets", static_cast<double>(s.jets_found) / kept) : "";
    fmt::print("read {} events from {} ({}): {} kept, {:.2f} particles{} per event, {} columns -> {}\n", s.events_read,
               opt->events, physics::io::event_format_name(s.format), s.events_kept,
               static_cast<double>(s.particles_selected) / kept, jets, s.schema.columns.size(), opt->output);
  });
}

}  // namespace topae::cli
