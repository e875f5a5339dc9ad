#include "topae/physics/io/event_features.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>
#include <tuple>
#include <vector>

#include "physics/io/event_files.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/data/table_io.hpp"

namespace topae::physics::io {
namespace {

using test::kHepMC3Example;

int column(const data::Dataset& d, const std::string& name) {
  const int j = d.column_index(name);
  EXPECT_GE(j, 0) << name;
  return j;
}

TEST(PhysicsEventFeatures, PtEtaPhiM) {
  // (E, px, py, pz) = (5, 3, 0, 4): pT 3, eta = asinh(4/3) = ln 3, phi 0, massless.
  auto x = pt_eta_phi_m({5, 3, 0, 4});
  EXPECT_DOUBLE_EQ(x[0], 3);
  EXPECT_NEAR(x[1], std::log(3.0), 1e-15);
  EXPECT_EQ(x[2], 0);
  EXPECT_NEAR(x[3], 0, 1e-7);  // sqrt of a rounding of 25 - 25
  // Along -y, backwards, massive: phi = -pi/2, eta = -asinh(|pz| / pT), m = sqrt(E^2 - p^2).
  x = pt_eta_phi_m({13, 0, -2, -3});
  EXPECT_DOUBLE_EQ(x[0], 2);
  EXPECT_DOUBLE_EQ(x[1], -std::asinh(1.5));
  EXPECT_DOUBLE_EQ(x[2], -std::numbers::pi / 2);
  EXPECT_DOUBLE_EQ(x[3], std::sqrt(169.0 - 13.0));
  // Back: px = pT cos phi, py = pT sin phi, pz = pT sinh eta, E = sqrt(p^2 + m^2).
  for (const FourVector p : {FourVector(50, 10, -20, 30), FourVector(7.5, -1, 0.5, -7), FourVector(100, -3, -4, 0)}) {
    const auto [pt, eta, phi, m] = pt_eta_phi_m(p);
    const double pz = pt * std::sinh(eta);
    EXPECT_NEAR(pt * std::cos(phi), p.px(), 1e-12 * p.e());
    EXPECT_NEAR(pt * std::sin(phi), p.py(), 1e-12 * p.e());
    EXPECT_NEAR(pz, p.pz(), 1e-12 * p.e());
    EXPECT_NEAR(std::sqrt(pt * pt + pz * pz + m * m), p.e(), 1e-12 * p.e());
  }
  // pT = 0: eta by the sign of pz, never infinite.
  EXPECT_EQ(pt_eta_phi_m({5, 0, 0, 5})[1], 1e5);
  EXPECT_EQ(pt_eta_phi_m({5, 0, 0, -5})[1], -1e5);
  EXPECT_EQ(pt_eta_phi_m({1, 0, 0, 0})[1], 0);
  // Spacelike by rounding: m = -sqrt(p^2 - E^2).
  EXPECT_DOUBLE_EQ(pt_eta_phi_m({1, 0, 0, 2})[3], -std::sqrt(3.0));
  EXPECT_EQ(parse_momentum_coordinates("pt-eta-phi-m"), MomentumCoordinates::pt_eta_phi_m);
  EXPECT_THROW(parse_momentum_coordinates("pt-y-phi-m"), InputError);
}

TEST(PhysicsEventFeatures, PdgListsAndTheSelectionByAbsoluteId) {
  EXPECT_EQ(parse_pdg_list("11,-11,13", "--pdg"), (std::vector<int>{11, -11, 13}));
  EXPECT_EQ(parse_pdg_list("", "--pdg"), std::vector<int>{});
  EXPECT_EQ(parse_pdg_list("1000020040", "--pdg"), std::vector<int>{1000020040});  // He-4: 10 digits
  for (const char* bad : {"e-", "11,x", "1.5", "0x11", "0", "2147483648", "-2147483648", "11,,13", " 11"}) {
    try {
      parse_pdg_list(bad, "--exclude-pdg");
      ADD_FAILURE() << bad << " was taken";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("--exclude-pdg"), std::string::npos) << e.what();
    }
  }
  ParticleSelection s;
  s.pdg = {-11, 13};
  s.exclude_pdg = {};
  EXPECT_TRUE(s.accepts({11, 1, {}}));
  EXPECT_TRUE(s.accepts({-11, 1, {}}));
  EXPECT_TRUE(s.accepts({-13, 1, {}}));
  EXPECT_FALSE(s.accepts({22, 1, {}}));
  EXPECT_FALSE(s.accepts({11, 2, {}}));  // status 2
  ParticleSelection no_neutrinos;
  no_neutrinos.exclude_pdg = {12, 14, 16};
  EXPECT_FALSE(no_neutrinos.accepts({-14, 1, {}}));
  EXPECT_FALSE(no_neutrinos.accepts({16, 1, {}}));
  EXPECT_TRUE(no_neutrinos.accepts({211, 1, {}}));
  no_neutrinos.status = 2;
  EXPECT_TRUE(no_neutrinos.accepts({211, 2, {}}));
}

TEST(PhysicsEventFeatures, ColumnsAndWeightNames) {
  EventFeatureSpec spec;
  spec.n_particles = 2;
  spec.n_jets = 1;
  const auto s = event_table_schema(spec, {"weight_a"});
  EXPECT_EQ(s.columns, (std::vector<std::string>{"E_1",         "px_1",        "py_1",        "pz_1",    "E_2",
                                                 "px_2",        "py_2",        "pz_2",        "n_particles",
                                                 "jet_E_1",     "jet_px_1",    "jet_py_1",    "jet_pz_1",
                                                 "jet_m_1",     "jet_tau1_1",  "jet_tau2_1",  "jet_tau3_1",
                                                 "jet_tau21_1", "jet_tau32_1", "n_jets",      "m_1_2",
                                                 "m_all",       "event_number", "weight_a"}));
  EXPECT_EQ(s.truth, (std::vector<std::string>{"m_1_2", "m_all", "event_number", "weight_a"}));
  EXPECT_TRUE(s.weight);
  spec.momenta = MomentumCoordinates::pt_eta_phi_m;
  spec.n_jets = 2;
  const auto p = event_table_schema(spec, {});
  EXPECT_EQ(p.columns[0], "pt_1");
  EXPECT_EQ(p.columns[3], "m_1");
  EXPECT_EQ(p.columns[9], "jet_pt_1");
  EXPECT_EQ(p.columns[12], "jet_m_1");  // the fourth momentum column: no second jet mass
  EXPECT_EQ(p.columns[13], "jet_tau1_1");
  EXPECT_NE(std::find(p.columns.begin(), p.columns.end(), "m_jet_1_2"), p.columns.end());
  EXPECT_FALSE(p.weight);
  EXPECT_EQ(weight_columns({"0", "scale_variation/envelope/1001", "MUR=2 MUF=1", "a,b", "0"}, 5),
            (std::vector<std::string>{"weight_0", "weight_scale_variation_envelope_1001", "weight_MUR_2_MUF_1",
                                      "weight_a_b", "weight_0_4"}));
  EXPECT_EQ(weight_columns({"only one"}, 3), (std::vector<std::string>{"weight_0", "weight_1", "weight_2"}));
  EXPECT_EQ(weight_columns({""}, 1), std::vector<std::string>{"weight_0"});
}

TEST(PhysicsEventFeatures, OneEventByHand) {
  EventRecord e;
  e.number = 42;
  e.weights = {0.5, -2};
  e.particles = {
      {2212, 4, {6500, 0, 0, 6500}},     // a beam: status 4
      {13, 1, {30, 0, 18, 24}},          // pT 18
      {-13, 1, {50, 40, 0, 30}},         // pT 40
      {22, 1, {5, 3, 4, 0}},             // pT 5
      {-14, 1, {100, 0, -60, -80}},      // pT 60, a neutrino
      {23, 2, {91.2, 0, 0, 0}},          // decayed
  };
  EventFeatureSpec spec;
  spec.n_particles = 3;
  spec.selection.exclude_pdg = {12, 14, 16};
  EventFeatures f(spec, 2);
  const auto schema = event_table_schema(spec, weight_columns({}, 2));
  ASSERT_EQ(f.n_columns(), static_cast<Index>(schema.columns.size()));
  std::vector<double> row(schema.columns.size(), -1);
  ASSERT_TRUE(f.row(e, row.data()));
  data::Dataset d;
  d.columns = schema.columns;
  d.values = Eigen::Map<Table>(row.data(), 1, static_cast<Index>(row.size()));
  // By decreasing pT: mu+ (40), mu- (18), photon (5); the neutrino and the others are out.
  const double expected[] = {50, 40, 0, 30, 30, 0, 18, 24, 5, 3, 4, 0};
  for (int k = 0; k < 12; ++k) EXPECT_EQ(row[static_cast<std::size_t>(k)], expected[k]) << schema.columns[k];
  EXPECT_EQ(row[column(d, "n_particles")], 3);
  // m_12^2 = (80)^2 - (40^2 + 18^2 + 54^2) = 6400 - 4840 = 1560.
  EXPECT_DOUBLE_EQ(row[column(d, "m_1_2")], std::sqrt(1560.0));
  // All three: (85, 43, 22, 54): 7225 - 1849 - 484 - 2916 = 1976.
  EXPECT_DOUBLE_EQ(row[column(d, "m_all")], std::sqrt(1976.0));
  EXPECT_EQ(row[column(d, "event_number")], 42);
  EXPECT_EQ(row[column(d, "weight_0")], 0.5);
  EXPECT_EQ(row[column(d, "weight_1")], -2);

  // Fewer particles than columns: zeros, and the count says so.
  spec.n_particles = 5;
  spec.selection.pdg = {13};
  EventFeatures g(spec, 2);
  const auto schema5 = event_table_schema(spec, weight_columns({}, 2));
  std::vector<double> row5(schema5.columns.size(), -1);
  ASSERT_TRUE(g.row(e, row5.data()));
  for (int k = 8; k < 20; ++k) EXPECT_EQ(row5[static_cast<std::size_t>(k)], 0.0) << schema5.columns[k];
  EXPECT_EQ(row5[20], 2);  // n_particles
  EXPECT_EQ(g.n_selected(), 2);
  // Pair masses of missing particles are 0 too; m_1_2 is the dimuon mass.
  d.columns = schema5.columns;
  d.values = Eigen::Map<Table>(row5.data(), 1, static_cast<Index>(row5.size()));
  EXPECT_DOUBLE_EQ(row5[column(d, "m_1_2")], std::sqrt(1560.0));
  EXPECT_EQ(row5[column(d, "m_1_3")], 0.0);
  EXPECT_EQ(row5[column(d, "m_4_5")], 0.0);
  EXPECT_DOUBLE_EQ(row5[column(d, "m_all")], std::sqrt(1560.0));
  // At least 3 muons: the event is left out, nothing written.
  spec.min_particles = 3;
  EventFeatures h(spec, 2);
  std::vector<double> untouched(schema5.columns.size(), -1);
  EXPECT_FALSE(h.row(e, untouched.data()));
  EXPECT_EQ(untouched, std::vector<double>(schema5.columns.size(), -1));
}

TEST(PhysicsEventFeatures, SpecChecks) {
  EventFeatureSpec spec;
  EXPECT_NO_THROW(spec.check());
  spec.n_particles = -1;
  EXPECT_THROW(spec.check(), InputError);
  spec.n_particles = 1001;
  EXPECT_THROW(spec.check(), InputError);
  spec.n_particles = 4;
  spec.jets.r = -0.4;
  EXPECT_THROW(spec.check(), InputError);
  spec.jets.r = 0.4;
  spec.min_jets = -1;
  EXPECT_THROW(spec.check(), InputError);
  EXPECT_EQ(EventFeatureSpec{}.to_json()["selection"]["status"], 1);
}

class EventTableTest : public test::TempDirTest {};

TEST_F(EventTableTest, ChunksHoldEveryEventOnceInOrder) {
  EventFeatureSpec spec;
  spec.n_jets = 2;
  const auto whole = read_event_features(kHepMC3Example, spec);
  ASSERT_EQ(whole.n_events(), 100);
  whole.check_storable("example");
  ASSERT_TRUE(whole.weight.has_value());
  EventReader reader(kHepMC3Example);
  EventTableOptions options;
  options.chunk_events = 7;
  int chunks = 0, progress = 0;
  Index row = 0;
  options.progress = [&](const EventProgress&) { ++progress; };
  const auto summary = write_event_features(reader, spec, options, [&](const data::Dataset& chunk) {
    ++chunks;
    EXPECT_LE(chunk.n_events(), 7);
    EXPECT_EQ(chunk.columns, whole.columns);
    EXPECT_EQ(chunk.truth, whole.truth);
    EXPECT_EQ(chunk.values, whole.values.middleRows(row, chunk.n_events()));
    EXPECT_EQ(*chunk.weight, whole.weight->segment(row, chunk.n_events()));
    row += chunk.n_events();
  });
  EXPECT_EQ(chunks, 15);  // 14 x 7 + 2
  EXPECT_EQ(progress, 15);
  EXPECT_EQ(row, 100);
  EXPECT_EQ(summary.events_read, 100);
  EXPECT_EQ(summary.events_kept, 100);
  EXPECT_EQ(summary.format, EventFormat::hepmc3);
  // Every event: two taus and at least one photon in the final state, as in the file.
  const int n = column(whole, "n_particles");
  EXPECT_GE(whole.values.col(n).minCoeff(), 3);
  EXPECT_EQ(summary.particles_selected, static_cast<std::int64_t>(whole.values.col(n).sum()));

  EventReader again(kHepMC3Example);
  options.max_events = 10;
  options.progress = nullptr;
  EXPECT_EQ(write_event_features(again, spec, options, [](const data::Dataset&) {}).events_read, 10);
}

TEST_F(EventTableTest, WritesATableOrNothing) {
  EventFeatureSpec spec;
  const auto out = path("table.csv");
  const auto s = write_event_table(kHepMC3Example, std::nullopt, spec, {}, out);
  EXPECT_EQ(s.events_kept, 100);
  const auto table = data::read_table(out);
  const auto direct = read_event_features(kHepMC3Example, spec);
  EXPECT_EQ(table.columns, direct.columns);
  EXPECT_EQ(table.truth, direct.truth);
  EXPECT_EQ(table.values, direct.values);  // CSV keeps every bit
  // No event kept: an error naming the input, and no file.
  spec.min_particles = 100;
  try {
    write_event_table(kHepMC3Example, std::nullopt, spec, {}, path("none.csv"));
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("example.hepmc3.gz: none of its 100 events"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path("none.csv")));
  // A file cut after 60 of its events, read in chunks of 10: five chunks were written when the
  // cut is found, and nothing is left.
  const std::string text = test::gunzip(kHepMC3Example);
  const auto cut = text.find("\nE 60 ");
  ASSERT_NE(cut, std::string::npos);
  test::write_text(path("cut.hepmc3"), text.substr(0, cut + 1));
  EventTableOptions chunks;
  chunks.chunk_events = 10;
  EXPECT_THROW(write_event_table(path("cut.hepmc3"), std::nullopt, EventFeatureSpec{}, chunks, path("cut.h5")),
               InputError);
  EXPECT_FALSE(std::filesystem::exists(path("cut.h5")));
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir())) left.push_back(entry.path().filename());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"cut.hepmc3", "table.csv"}));  // no temporary file either
}

// --- The reader on a thread of its own (options.threads > 1) against one thread ---

// The example's 100 events `copies` times over (their numbers repeat): many batches of the
// reading thread, each recycled several times.
std::string many_events(int copies) {
  const std::string text = test::gunzip(kHepMC3Example);
  const auto first = text.find("\nE ") + 1;
  const auto end = text.find("HepMC::Asciiv3-END_EVENT_LISTING");
  std::string out = text.substr(0, first);
  for (int i = 0; i < copies; ++i) out += text.substr(first, end - first);
  return out + text.substr(end);
}

// Debian's LHE example without its <eventfiles> block (which makes it a multi-file run).
std::string one_file_lhe() {
  std::string text = test::gunzip(test::kLheExample);
  const auto from = text.find("<eventfiles>");
  const auto to = text.find('\n', text.find("</eventfiles>"));
  return text.erase(from, to + 1 - from);
}

struct Rows {
  EventTableSummary summary;
  std::vector<Table> chunks;
  std::vector<Eigen::VectorXd> weights;
  std::vector<EventProgress> progress;
  std::string error;  // what() of what was thrown, if anything
};

Rows rows_of(const std::filesystem::path& path, const EventFeatureSpec& spec, int threads, Index chunk_events = 10000,
             std::int64_t max_events = 0) {
  Rows r;
  EventTableOptions options;
  options.threads = threads;
  options.chunk_events = chunk_events;
  options.max_events = max_events;
  options.progress = [&](const EventProgress& p) { r.progress.push_back(p); };
  try {
    EventReader reader(path);
    r.summary = write_event_features(reader, spec, options, [&](const data::Dataset& chunk) {
      r.chunks.push_back(chunk.values);
      if (chunk.weight) r.weights.push_back(*chunk.weight);
    });
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

void expect_same(const Rows& one, const Rows& two, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(two.error, one.error);
  EXPECT_EQ(two.summary.events_read, one.summary.events_read);
  EXPECT_EQ(two.summary.events_kept, one.summary.events_kept);
  EXPECT_EQ(two.summary.particles_selected, one.summary.particles_selected);
  EXPECT_EQ(two.summary.jets_found, one.summary.jets_found);
  EXPECT_EQ(two.summary.schema.columns, one.summary.schema.columns);
  EXPECT_EQ(two.summary.schema.truth, one.summary.schema.truth);
  ASSERT_EQ(two.chunks.size(), one.chunks.size());
  for (std::size_t i = 0; i < one.chunks.size(); ++i) {
    // Exactly, bit for bit (no NaN in these tables).
    EXPECT_EQ(two.chunks[i].rows(), one.chunks[i].rows());
    EXPECT_TRUE(two.chunks[i] == one.chunks[i]) << "chunk " << i;
  }
  EXPECT_EQ(two.weights, one.weights);
  ASSERT_EQ(two.progress.size(), one.progress.size());
  for (std::size_t i = 0; i < one.progress.size(); ++i) {
    EXPECT_EQ(two.progress[i].events_read, one.progress[i].events_read);
    EXPECT_EQ(two.progress[i].file_size, one.progress[i].file_size);
    // The reading thread is up to a batch ahead, never behind, never past the file.
    EXPECT_GE(two.progress[i].bytes_read, one.progress[i].bytes_read);
    EXPECT_LE(two.progress[i].bytes_read, two.progress[i].file_size);
    if (i > 0) {
      EXPECT_GE(two.progress[i].bytes_read, two.progress[i - 1].bytes_read);
    }
  }
  if (!one.progress.empty() && one.error.empty()) {
    EXPECT_EQ(two.progress.back().bytes_read, one.progress.back().bytes_read);
  }
}

TEST_F(EventTableTest, ReadingOnItsOwnThreadGivesTheSameRows) {
  const auto many = test::write_text(path("many.hepmc3"), many_events(60));  // 6000 events
  const auto lhe = test::write_text(path("one.lhe.gz"), test::gzip(one_file_lhe()));
  EventFeatureSpec plain;
  EventFeatureSpec jets;
  jets.n_jets = 2;
  jets.momenta = MomentumCoordinates::pt_eta_phi_m;
  jets.jets.ptmin = 20;
  jets.min_jets = 2;  // leaves 13 % of the events out
  EventFeatureSpec lhe_spec;
  lhe_spec.n_particles = 6;
  for (const auto& [file, spec, chunk, max] :
       std::vector<std::tuple<std::filesystem::path, EventFeatureSpec, Index, std::int64_t>>{
           {kHepMC3Example, plain, 10000, 0},
           {kHepMC3Example, jets, 7, 0},
           {kHepMC3Example, plain, 7, 10},
           {many, plain, 10000, 0},
           {many, jets, 333, 0},
           {many, plain, 1000, 1024},  // a batch's worth
           {many, plain, 1000, 1025},
           {many, jets, 500, 5999},
           {lhe, lhe_spec, 7, 0},
       }) {
    const auto one = rows_of(file, spec, 1, chunk, max);
    ASSERT_EQ(one.error, "");
    ASSERT_GT(one.summary.events_kept, 0);
    if (spec.min_jets > 0) {
      EXPECT_LT(one.summary.events_kept, one.summary.events_read);
    }
    if (max > 0) {
      EXPECT_EQ(one.summary.events_read, max);
    }
    expect_same(one, rows_of(file, spec, 2, chunk, max),
                fmt::format("{} chunk {} max {} jets {}", file.filename().string(), chunk, max, spec.n_jets));
  }
}

TEST_F(EventTableTest, TheSameTableFileBitForBit) {
  const auto many = test::write_text(path("many.hepmc3"), many_events(30));
  EventFeatureSpec spec;
  spec.n_jets = 2;
  for (const auto& file : {kHepMC3Example, many}) {
    for (const int threads : {1, 2}) {
      EventTableOptions options;
      options.threads = threads;
      options.chunk_events = 1000;
      write_event_table(file, std::nullopt, spec, options, path(fmt::format("t{}.h5", threads)));
    }
    const auto bytes = [](const std::filesystem::path& p) {
      std::ifstream in(p, std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_TRUE(bytes(path("t1.h5")) == bytes(path("t2.h5"))) << file;
    EXPECT_EQ(data::read_table(path("t1.h5")).values, data::read_table(path("t2.h5")).values);
  }
}

TEST_F(EventTableTest, ReaderErrorsFromItsThreadComeThroughInTheirPlace) {
  const std::string many = many_events(30);  // 3000 events
  // Cut inside the 2500th event (a few batches in), just before it, and inside the 41st of the
  // example (in the first batch).
  std::size_t at = 0;
  for (int i = 0; i < 2500; ++i) at = many.find("\nE ", at + 1);
  const auto inside = many.find('\n', many.find("\nP ", at) + 1);
  std::string small = test::gunzip(kHepMC3Example);
  const auto e40 = small.find("\nE 40 ");
  const std::vector<std::filesystem::path> cut = {
      test::write_text(path("inside.hepmc3"), many.substr(0, inside + 1)),
      test::write_text(path("between.hepmc3"), many.substr(0, at + 1)),
      test::write_text(path("small.hepmc3.gz"), test::gzip(small.substr(0, small.find('\n', e40 + 1) + 1)))};
  for (const auto& file : cut) {
    for (const Index chunk : {Index{10}, Index{10000}}) {
      const auto one = rows_of(file, EventFeatureSpec{}, 1, chunk);
      ASSERT_NE(one.error, "") << file;
      EXPECT_NE(one.error.find(file.filename().string() + ":"), std::string::npos) << one.error;
      expect_same(one, rows_of(file, EventFeatureSpec{}, 2, chunk), file.filename().string());
    }
    // Nothing written: no table, no temporary file.
    EventTableOptions options;
    options.threads = 2;
    options.chunk_events = 10;
    EXPECT_THROW(write_event_table(file, std::nullopt, EventFeatureSpec{}, options, path("cut.h5")), InputError);
    EXPECT_FALSE(std::filesystem::exists(path("cut.h5")));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir()), {}), 3) << "only the three inputs";
  }
  // --max-events: the events before the cut, no error; one more, the error, on either path.
  for (const int threads : {1, 2}) {
    const auto r = rows_of(cut[0], EventFeatureSpec{}, threads, 10000, 2499);
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.summary.events_read, 2499);
    EXPECT_NE(rows_of(cut[0], EventFeatureSpec{}, threads, 10000, 2500).error, "");
  }
}

TEST_F(EventTableTest, ASinkErrorOrCtrlCStopsTheReadingThread) {
  const auto many = test::write_text(path("many.hepmc3"), many_events(60));
  EventTableOptions options;
  options.threads = 2;
  options.chunk_events = 100;
  int chunks = 0;
  {
    EventReader reader(many);
    EXPECT_THROW(write_event_features(reader, EventFeatureSpec{}, options,
                                      [&](const data::Dataset&) {
                                        if (++chunks == 3) throw std::runtime_error("disk full");
                                      }),
                 std::runtime_error);
    EXPECT_EQ(chunks, 3);
  }
  install_interrupt_handlers();  // SIGINT only sets the flag checked between chunks
  chunks = 0;
  {
    EventReader reader(many);
    EXPECT_THROW(write_event_features(reader, EventFeatureSpec{}, options,
                                      [&](const data::Dataset&) {
                                        if (++chunks == 2) std::raise(SIGINT);
                                      }),
                 Interrupted);
  }
  clear_interrupt();
  EXPECT_EQ(chunks, 2);  // it stopped at the chunk after the signal
  EventTableOptions h5 = options;
  chunks = 0;
  h5.progress = [&](const EventProgress&) {
    if (++chunks == 5) std::raise(SIGINT);
  };
  EXPECT_THROW(write_event_table(many, std::nullopt, EventFeatureSpec{}, h5, path("t.h5")), Interrupted);
  clear_interrupt();
  EXPECT_FALSE(std::filesystem::exists(path("t.h5")));
}

}  // namespace
}  // namespace topae::physics::io
