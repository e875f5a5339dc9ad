#include "topae/physics/io/event_features.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>

#include "read_ahead.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/parse.hpp"
#include "topae/core/threads.hpp"
#include "topae/physics/jets/nsubjettiness.hpp"

namespace topae::physics::io {

namespace {

constexpr int kMaxObjects = 1000;  // --particles and --n-jets: far beyond any event's multiplicity
constexpr double kBeamEta = 1e5;   // eta of a particle with pT = 0

// The four momentum columns of object `i` with `prefix` ("" or "jet_").
void momentum_columns(std::vector<std::string>& c, const std::string& prefix, int i, MomentumCoordinates coordinates) {
  const auto names = coordinates == MomentumCoordinates::e_p ? std::array<const char*, 4>{"E", "px", "py", "pz"}
                                                             : std::array<const char*, 4>{"pt", "eta", "phi", "m"};
  for (const char* x : names) c.push_back(fmt::format("{}{}_{}", prefix, x, i));
}

void pair_mass_columns(std::vector<std::string>& c, const std::string& prefix, int n) {
  for (int i = 1; i <= n; ++i) {
    for (int j = i + 1; j <= n; ++j) c.push_back(fmt::format("m_{}{}_{}", prefix, i, j));
  }
}

// Writes the momentum columns of `n` objects of `p` (0 for those beyond p.size()).
template <class Momentum>
double* write_momenta(double* out, int n, std::size_t count, MomentumCoordinates coordinates, Momentum momentum) {
  for (int i = 0; i < n; ++i) {
    if (static_cast<std::size_t>(i) >= count) {
      out = std::fill_n(out, 4, 0.0);
      continue;
    }
    const FourVector& p = momentum(static_cast<std::size_t>(i));
    if (coordinates == MomentumCoordinates::e_p) {
      *out++ = p.e();
      *out++ = p.px();
      *out++ = p.py();
      *out++ = p.pz();
    } else {
      for (const double x : pt_eta_phi_m(p)) *out++ = x;
    }
  }
  return out;
}

template <class Momentum>
double* write_pair_masses(double* out, int n, std::size_t count, Momentum momentum) {
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      const bool both = static_cast<std::size_t>(j) < count;
      *out++ = both ? (momentum(static_cast<std::size_t>(i)) + momentum(static_cast<std::size_t>(j))).m() : 0.0;
    }
  }
  return out;
}

bool listed(const std::vector<int>& ids, int pdg) {
  const long id = std::labs(static_cast<long>(pdg));
  return std::any_of(ids.begin(), ids.end(), [id](int x) { return std::labs(static_cast<long>(x)) == id; });
}

char storable(char c) {
  const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '+' || c == '-';
  return keep ? c : '_';
}

}  // namespace

std::string momentum_coordinates_name(MomentumCoordinates coordinates) {
  return coordinates == MomentumCoordinates::pt_eta_phi_m ? "pt-eta-phi-m" : "e-p";
}

MomentumCoordinates parse_momentum_coordinates(const std::string& name) {
  if (name == "e-p") return MomentumCoordinates::e_p;
  if (name == "pt-eta-phi-m") return MomentumCoordinates::pt_eta_phi_m;
  throw InputError(fmt::format("--momenta must be e-p or pt-eta-phi-m, got '{}'", name));
}

std::array<double, 4> pt_eta_phi_m(const FourVector& p) {
  const double pt = p.pt();
  const double eta = pt > 0 ? p.pseudorapidity() : p.pz() > 0 ? kBeamEta : p.pz() < 0 ? -kBeamEta : 0.0;
  return {pt, eta, p.phi(), p.m()};
}

std::vector<int> parse_pdg_list(std::string_view text, std::string_view flag) {
  std::vector<int> ids;
  for (const std::string_view item : split_list(text)) {
    const auto id = to_int(item);
    if (!id) throw InputError(fmt::format("{}: '{}' is not a PDG id (a decimal integer)", flag, item));
    if (*id == 0 || *id > INT_MAX || *id < -static_cast<std::int64_t>(INT_MAX)) {
      throw InputError(fmt::format("{}: {} is not a PDG id (non-zero, |id| <= {})", flag, *id, INT_MAX));
    }
    ids.push_back(static_cast<int>(*id));
  }
  return ids;
}

bool ParticleSelection::accepts(const Particle& p) const {
  if (p.status != status) return false;
  if (!pdg.empty() && !listed(pdg, p.pdg)) return false;
  return !listed(exclude_pdg, p.pdg);
}

nlohmann::json ParticleSelection::to_json() const {
  return {{"status", status}, {"pdg", pdg}, {"exclude_pdg", exclude_pdg}};
}

void EventFeatureSpec::check() const {
  const auto count = [](const char* flag, int n, int most) {
    if (n < 0 || n > most) throw InputError(fmt::format("{} must be in 0..{}, got {}", flag, most, n));
  };
  count("--particles", n_particles, kMaxObjects);
  count("--n-jets", n_jets, kMaxObjects);
  count("--min-particles", min_particles, INT_MAX);
  count("--min-jets", min_jets, INT_MAX);
  jets.check();
}

nlohmann::json EventFeatureSpec::to_json() const {
  return {{"selection", selection.to_json()},
          {"particles", n_particles},
          {"momenta", momentum_coordinates_name(momenta)},
          {"n_jets", n_jets},
          {"jets", jets.to_json()},
          {"min_particles", min_particles},
          {"min_jets", min_jets}};
}

std::vector<std::string> weight_columns(const std::vector<std::string>& names, std::size_t n_weights) {
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < n_weights; ++i) {
    std::string name = names.size() == n_weights ? names[i] : std::to_string(i);
    if (name.empty()) name = std::to_string(i);
    std::transform(name.begin(), name.end(), name.begin(), storable);
    std::string column = "weight_" + name;
    if (!seen.insert(column).second) {
      column += fmt::format("_{}", i);
      seen.insert(column);
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

data::TableSchema event_table_schema(const EventFeatureSpec& spec, const std::vector<std::string>& weights) {
  data::TableSchema s;
  auto& c = s.columns;
  for (int i = 1; i <= spec.n_particles; ++i) momentum_columns(c, "", i, spec.momenta);
  c.push_back("n_particles");
  for (int k = 1; k <= spec.n_jets; ++k) {
    momentum_columns(c, "jet_", k, spec.momenta);
    if (spec.momenta == MomentumCoordinates::e_p) c.push_back(fmt::format("jet_m_{}", k));
    for (const char* tau : {"tau1", "tau2", "tau3", "tau21", "tau32"}) c.push_back(fmt::format("jet_{}_{}", tau, k));
  }
  if (spec.n_jets > 0) c.push_back("n_jets");
  const std::size_t features = c.size();
  pair_mass_columns(c, "", spec.n_particles);
  c.push_back("m_all");
  pair_mass_columns(c, "jet_", spec.n_jets);
  c.push_back("event_number");
  c.insert(c.end(), weights.begin(), weights.end());
  s.truth.assign(c.begin() + static_cast<std::ptrdiff_t>(features), c.end());
  s.weight = !weights.empty();
  return s;
}

EventFeatures::EventFeatures(const EventFeatureSpec& spec, std::size_t n_weights)
    : spec_(spec),
      n_weights_(n_weights),
      n_columns_(static_cast<Index>(event_table_schema(spec, weight_columns({}, n_weights)).columns.size())) {
  spec_.check();
}

bool EventFeatures::row(const EventRecord& event, double* out) {
  selected_.clear();
  FourVector total;
  for (const auto& p : event.particles) {
    if (!spec_.selection.accepts(p)) continue;
    selected_.push_back(p.momentum);
    total += p.momentum;
  }
  jets_.clear();
  if (spec_.n_jets > 0 || spec_.min_jets > 0) jets::cluster_jets(selected_, spec_.jets, jets_);
  if (n_selected() < spec_.min_particles || n_jets() < spec_.min_jets) return false;
  std::stable_sort(selected_.begin(), selected_.end(),
                   [](const FourVector& a, const FourVector& b) { return a.pt2() > b.pt2(); });

  const int n = spec_.n_particles, j = spec_.n_jets;
  const auto particle = [this](std::size_t i) -> const FourVector& { return selected_[i]; };
  const auto jet = [this](std::size_t k) -> const FourVector& { return jets_[k].momentum; };
  out = write_momenta(out, n, selected_.size(), spec_.momenta, particle);
  *out++ = static_cast<double>(selected_.size());
  for (int k = 0; k < j; ++k) {
    const bool real = static_cast<std::size_t>(k) < jets_.size();
    out = write_momenta(out, 1, real ? 1 : 0, spec_.momenta, [&](std::size_t) -> const FourVector& { return jet(k); });
    if (spec_.momenta == MomentumCoordinates::e_p) *out++ = real ? jet(k).m() : 0.0;
    const auto tau = real ? jets::subjettiness(jets_[k].constituents, spec_.jets.r) : jets::Subjettiness{};
    for (const double x : {tau.tau1, tau.tau2, tau.tau3, tau.tau21(), tau.tau32()}) *out++ = x;
  }
  if (j > 0) *out++ = static_cast<double>(jets_.size());
  out = write_pair_masses(out, n, selected_.size(), particle);
  *out++ = selected_.empty() ? 0.0 : total.m();
  out = write_pair_masses(out, j, jets_.size(), jet);
  *out++ = static_cast<double>(event.number);
  std::copy_n(event.weights.begin(), std::min(n_weights_, event.weights.size()), out);
  return true;
}

namespace {

// The events of `reader` read on the calling thread (--threads 1): the same interface as
// ReadAhead.
class ReadInline {
 public:
  ReadInline(EventReader& reader, std::int64_t max_events) : reader_(reader), max_events_(max_events) {}
  const EventRecord* next() {
    if ((max_events_ > 0 && read_ >= max_events_) || !reader_.next(event_)) return nullptr;
    if (read_++ == 0) weight_names_ = reader_.weight_names();
    return &event_;
  }
  const std::vector<std::string>& weight_names() const { return weight_names_; }
  std::uintmax_t bytes_read() const { return reader_.bytes_read(); }

 private:
  EventReader& reader_;
  const std::int64_t max_events_;
  std::int64_t read_ = 0;
  EventRecord event_;
  std::vector<std::string> weight_names_;
};

// The rows of the events of `events` (ReadInline or ReadAhead), handed to `sink` chunk by chunk.
template <class Events>
EventTableSummary rows_of(Events& events, const EventReader& reader, const EventFeatureSpec& spec,
                          const EventTableOptions& options, const std::function<void(const data::Dataset&)>& sink) {
  EventTableSummary summary;
  summary.format = reader.format();
  std::optional<EventFeatures> features;  // made at the first event, when the weights are known
  data::Dataset chunk;
  Index rows = 0;
  const auto hand_out = [&] {
    if (rows < chunk.values.rows()) {
      chunk.values.conservativeResize(rows, chunk.values.cols());
      if (chunk.weight) chunk.weight->conservativeResize(rows);
    }
    if (rows > 0) sink(chunk);
    rows = 0;
    if (options.progress) options.progress({summary.events_read, events.bytes_read(), reader.file_size()});
  };
  while (const EventRecord* event = events.next()) {
    ++summary.events_read;
    if (!features) {
      features.emplace(spec, event->weights.size());
      summary.schema = event_table_schema(spec, weight_columns(events.weight_names(), event->weights.size()));
      chunk.columns = summary.schema.columns;
      chunk.truth = summary.schema.truth;
      chunk.values.resize(options.chunk_events, features->n_columns());
      if (summary.schema.weight) chunk.weight = Eigen::VectorXd(options.chunk_events);
    }
    if (!features->row(*event, chunk.values.row(rows).data())) continue;
    if (chunk.weight) (*chunk.weight)(rows) = event->weights.front();
    ++rows;
    ++summary.events_kept;
    summary.particles_selected += features->n_selected();
    summary.jets_found += features->n_jets();
    if (rows == options.chunk_events) {
      hand_out();
      throw_if_interrupted();
    }
  }
  if (summary.events_read == 0) throw InputError(reader.path(), "no events");
  hand_out();
  return summary;
}

}  // namespace

EventTableSummary write_event_features(EventReader& reader, const EventFeatureSpec& spec,
                                       const EventTableOptions& options,
                                       const std::function<void(const data::Dataset&)>& sink) {
  spec.check();
  if (options.chunk_events < 1 || options.chunk_events > 10'000'000) {
    throw InputError(fmt::format("--chunk must be in 1..10000000 events, got {}", options.chunk_events));
  }
  if (options.max_events < 0) throw InputError(fmt::format("--max-events must be >= 0, got {}", options.max_events));
  // With a second thread, HepMC3 reads on it while this one computes and writes: the reading
  // alone then sets the pace. reader.path(), format() and file_size() do not change while it
  // reads.
  if ((options.threads > 0 ? options.threads : threads()) > 1) {
    ReadAhead events(reader, options.max_events);
    return rows_of(events, reader, spec, options, sink);
  }
  ReadInline events(reader, options.max_events);
  return rows_of(events, reader, spec, options, sink);
}

EventTableSummary write_event_table(const std::filesystem::path& events, std::optional<EventFormat> format,
                                    const EventFeatureSpec& spec, const EventTableOptions& options,
                                    const std::filesystem::path& output, const data::WriteOptions& write) {
  spec.check();
  EventReader reader(events, format);
  std::optional<data::TableWriter> writer;  // made at the first chunk: the weights name columns
  const auto summary = write_event_features(reader, spec, options, [&](const data::Dataset& chunk) {
    if (!writer) writer.emplace(output, data::TableSchema::of(chunk), write);
    writer->append(chunk);
  });
  if (!writer) {
    std::string minima = spec.min_particles > 0 ? fmt::format("{} or more selected particles (--min-particles)",
                                                              spec.min_particles)
                                                : "";
    if (spec.min_jets > 0) {
      minima += fmt::format("{}{} or more jets (--min-jets)", minima.empty() ? "" : " and ", spec.min_jets);
    }
    throw InputError(events, fmt::format("none of its {} events has {}", summary.events_read, minima));
  }
  writer->commit();
  return summary;
}

data::Dataset read_event_features(const std::filesystem::path& path, const EventFeatureSpec& spec,
                                  std::optional<EventFormat> format) {
  EventReader reader(path, format);
  data::Dataset all;
  std::vector<Table> chunks;
  std::vector<Eigen::VectorXd> weights;
  const auto summary = write_event_features(reader, spec, {}, [&](const data::Dataset& chunk) {
    chunks.push_back(chunk.values);
    if (chunk.weight) weights.push_back(*chunk.weight);
  });
  all.columns = summary.schema.columns;
  all.truth = summary.schema.truth;
  all.values.resize(summary.events_kept, static_cast<Index>(all.columns.size()));
  Index row = 0;
  for (const auto& c : chunks) {
    all.values.middleRows(row, c.rows()) = c;
    row += c.rows();
  }
  if (summary.schema.weight) {
    all.weight = Eigen::VectorXd(summary.events_kept);
    row = 0;
    for (const auto& w : weights) {
      all.weight->segment(row, w.size()) = w;
      row += w.size();
    }
  }
  return all;
}

}  // namespace topae::physics::io
