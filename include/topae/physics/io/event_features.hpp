#pragma once
// Event features: the events of an event file (io/event_reader.hpp) as a table, one row per
// event, computed in one pass and handed out in chunks, so that memory stays constant however
// large the file (`topae features`; docs/cli.md lists the columns, docs/formats.md the inputs).
//
// Selected particles: status == selection.status (default 1, the final state), and, by |PDG
// id|, in selection.pdg (if given) and not in selection.exclude_pdg. |id| means a list entry
// stands for the particle and its antiparticle alike: 11 and -11 both select e- and e+, and
// --exclude-pdg 12,14,16 drops every neutrino and antineutrino.
//
// Columns (N = n_particles, J = n_jets; indices from 1; momenta in GeV), features first:
//   E_i px_i py_i pz_i  or  pt_i eta_i phi_i m_i   the i-th selected particle by decreasing pT
//   n_particles                                    how many particles were selected
//   jet_E_k jet_px_k jet_py_k jet_pz_k jet_m_k     the k-th jet by decreasing pT (e-p), or
//     or jet_pt_k jet_eta_k jet_phi_k jet_m_k        (pt-eta-phi-m); only with J > 0
//   jet_tau1_k jet_tau2_k jet_tau3_k               its N-subjettiness (jets/nsubjettiness.hpp)
//   jet_tau21_k jet_tau32_k                        the ratios, 0 where the denominator is 0
//   n_jets                                         how many jets passed --jet-ptmin
// then the truth columns (kept out of training by default):
//   m_i_j (i < j <= N)      the pair masses of the leading particles
//   m_all                   the invariant mass of all selected particles
//   m_jet_k_l (k < l <= J)  the pair masses of the leading jets
//   event_number            the file's event number
//   weight_<name>           every weight of the event, named from the file (weight_columns)
// and the first weight as the table's weight. Particles or jets that an event does not have
// (fewer than N or J) are written as 0 in every column of theirs, pair masses included: the
// counts say how many are real. Masses are sign(m^2) sqrt(|m^2|) (FourVector::m()); eta of a
// particle with pT = 0 is +-10^5 by the sign of pz (0 if p = 0), phi in (-pi, pi].
#include <array>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/data/table_writer.hpp"
#include "topae/physics/io/event_reader.hpp"
#include "topae/physics/jets/clustering.hpp"
#include "topae/physics/jets/jet_definition.hpp"

namespace topae::physics::io {

enum class MomentumCoordinates { e_p, pt_eta_phi_m };
// "e-p", "pt-eta-phi-m": the names --momenta takes.
std::string momentum_coordinates_name(MomentumCoordinates coordinates);
MomentumCoordinates parse_momentum_coordinates(const std::string& name);
// (pT, eta, phi, m) of a four-momentum, as the pt-eta-phi-m columns hold it.
std::array<double, 4> pt_eta_phi_m(const FourVector& p);

// A list of PDG ids ("11,-11,13"): each a non-zero decimal integer of at most 2^31 - 1 in
// magnitude (a HepMC3 id is a 32-bit int). Throws InputError naming `flag` and the entry.
std::vector<int> parse_pdg_list(std::string_view text, std::string_view flag);

struct ParticleSelection {
  int status = 1;                // --status
  std::vector<int> pdg;          // --pdg: keep only these |id| (empty: every id)
  std::vector<int> exclude_pdg;  // --exclude-pdg: drop these |id|

  bool accepts(const Particle& p) const;
  nlohmann::json to_json() const;
};

struct EventFeatureSpec {
  ParticleSelection selection;
  int n_particles = 4;                                     // --particles: N
  MomentumCoordinates momenta = MomentumCoordinates::e_p;  // --momenta
  int n_jets = 0;                                          // --n-jets: J; 0: no jets clustered
  jets::JetSpec jets;                                      // --jets, --jet-r, --jet-ptmin
  int min_particles = 0;                                   // --min-particles: fewer selected: event dropped
  int min_jets = 0;                                        // --min-jets: fewer jets: event dropped (jets are
                                                           // clustered for it even with J = 0)

  // Throws InputError naming the flag unless N, J <= 1000, the minima are >= 0 and the jets'
  // spec passes (jets/jet_definition.hpp).
  void check() const;
  nlohmann::json to_json() const;
};

// The columns of the file's weights: "weight_" + each name of `names`, every character other
// than a letter, a digit or "_.+-" made "_", a repeated name suffixed with "_<position>"; by
// position ("weight_0", "weight_1", ...) where the names do not match the weights in number.
std::vector<std::string> weight_columns(const std::vector<std::string>& names, std::size_t n_weights);
// The table of a file with these weight columns (the table has a weight if there is one).
data::TableSchema event_table_schema(const EventFeatureSpec& spec, const std::vector<std::string>& weight_columns);

// One event's row.
class EventFeatures {
 public:
  EventFeatures(const EventFeatureSpec& spec, std::size_t n_weights);
  Index n_columns() const { return n_columns_; }
  // Writes the event's n_columns() values to `row` and returns true, or returns false and
  // writes nothing when the event has fewer selected particles or jets than the minima.
  bool row(const EventRecord& event, double* row);
  // Of the last event given to row(): its selected particles and jets.
  int n_selected() const { return static_cast<int>(selected_.size()); }
  int n_jets() const { return static_cast<int>(jets_.size()); }

 private:
  EventFeatureSpec spec_;
  std::size_t n_weights_;
  Index n_columns_;
  std::vector<FourVector> selected_;
  std::vector<jets::Jet> jets_;
};

// Where the reading stands, after a chunk.
struct EventProgress {
  std::int64_t events_read = 0;    // events turned into rows so far
  std::uintmax_t bytes_read = 0;   // of the file (compressed, for .gz), maybe up to a batch ahead
  std::uintmax_t file_size = 0;
};

struct EventTableOptions {
  Index chunk_events = 10000;      // rows handed to the sink at a time (--chunk)
  std::int64_t max_events = 0;     // read at most this many events (--max-events); 0: all
  // More than 1: the events are read on a thread of their own, ahead of the thread that makes
  // the rows and calls the sink and progress (the same rows, in the same order); 1: one
  // thread; 0: as many as topae::threads() (--threads).
  int threads = 0;
  // Called after every chunk (a progress bar), on the caller's thread; may be empty.
  std::function<void(const EventProgress&)> progress;
};

struct EventTableSummary {
  EventFormat format = EventFormat::hepmc3;  // as the file was read
  std::int64_t events_read = 0;
  std::int64_t events_kept = 0;       // rows written
  std::int64_t particles_selected = 0;  // over the kept events
  std::int64_t jets_found = 0;          // over the kept events (before --n-jets)
  data::TableSchema schema;             // empty when no event was read
};

// Reads the events of `reader` and hands the rows of those kept to `sink`, in order, in
// chunks of at most options.chunk_events rows (Datasets of one schema, the first weight as
// their weight); checks for Ctrl-C between chunks. Throws what the reader throws (from its
// thread too, after the rows of the events before) and InputError on a bad spec; a file with
// no event is an InputError naming it. With options.threads > 1, `reader` is read on another
// thread until this returns: `sink` and `progress` must not use it.
EventTableSummary write_event_features(EventReader& reader, const EventFeatureSpec& spec,
                                       const EventTableOptions& options,
                                       const std::function<void(const data::Dataset&)>& sink);
// `topae features`: the kept events of the file `events` into the table file `output` (CSV or
// HDF5 by its extension, through data::TableWriter), which appears only once all is written;
// on any error nothing is left. Throws InputError naming the input or the output, and naming
// the input when no event is kept.
EventTableSummary write_event_table(const std::filesystem::path& events, std::optional<EventFormat> format,
                                    const EventFeatureSpec& spec, const EventTableOptions& options,
                                    const std::filesystem::path& output, const data::WriteOptions& write = {});
// Every kept event of `path` in one Dataset (memory grows with the file: for tests and small
// files; large files go through write_event_features).
data::Dataset read_event_features(const std::filesystem::path& path, const EventFeatureSpec& spec,
                                  std::optional<EventFormat> format = std::nullopt);

}  // namespace topae::physics::io
