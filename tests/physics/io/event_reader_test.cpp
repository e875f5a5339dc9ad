#include "topae/physics/io/event_reader.hpp"

#include <gtest/gtest.h>

#include <HepMC3/GenEvent.h>
#include <HepMC3/ReaderAscii.h>
#include <HepMC3/Setup.h>
#include <HepMC3/WriterAsciiHepMC2.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "physics/io/event_files.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"

namespace topae::physics::io {
namespace {

using test::first_lines;
using test::gunzip;
using test::gzip;
using test::kHepMC3Example;
using test::kLheExample;

// The line (from 1) at which `start` begins a line of `text`.
int line_of(const std::string& text, const std::string& start) {
  const auto at = text.find("\n" + start);
  EXPECT_NE(at, std::string::npos) << start;
  return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at) + 1, '\n')) + 1;
}

std::vector<EventRecord> read_all(const std::filesystem::path& path, std::optional<EventFormat> format = {}) {
  EventReader reader(path, format);
  std::vector<EventRecord> events;
  EventRecord e;
  while (reader.next(e)) events.push_back(e);
  return events;
}

// The message of the InputError reading `path` throws ("" if none).
std::string read_error(const std::filesystem::path& path, std::optional<EventFormat> format = {}) {
  try {
    read_all(path, format);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

class EventReaderTest : public test::TempDirTest {};

TEST_F(EventReaderTest, ReadsTheDebianHepMC3Example) {
  EventReader reader(kHepMC3Example);
  EXPECT_EQ(reader.format(), EventFormat::hepmc3);
  std::vector<EventRecord> events;
  EventRecord e;
  while (reader.next(e)) events.push_back(e);
  ASSERT_EQ(events.size(), 100u);
  EXPECT_EQ(reader.events_read(), 100);
  EXPECT_EQ(reader.weight_names(), std::vector<std::string>{"0"});  // the file's "W 0" line
  EXPECT_EQ(reader.bytes_read(), reader.file_size());
  // The first event as the file writes it (P lines 1, 3 and 11).
  const auto& first = events.front();
  EXPECT_EQ(first.number, 0);
  ASSERT_EQ(first.particles.size(), 12u);
  EXPECT_EQ(first.weights, std::vector<double>{1.0});
  EXPECT_EQ(first.particles[0].pdg, 11);
  EXPECT_EQ(first.particles[0].status, 4);
  EXPECT_EQ(first.particles[0].momentum, FourVector(4.6000000000000007e+01, 0, 0, 4.5999999997161737e+01));
  EXPECT_EQ(first.particles[2].pdg, 22);
  EXPECT_EQ(first.particles[2].status, 1);
  EXPECT_EQ(first.particles[10].pdg, 15);
  EXPECT_EQ(first.particles[10].momentum, FourVector(4.5978461985283630e+01, -2.3389081325813049e+01,
                                                     -2.6534544925397686e+01, -2.9321164328115067e+01));
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].number, static_cast<long long>(i));
}

TEST_F(EventReaderTest, HepMC2WrittenByHepMC3ReadsAsTheSameEvents) {
  // HepMC3's own WriterAsciiHepMC2 converts the example; topae must read back the same
  // particles (ids, statuses and momenta to the last bit: both files print 17 digits) and
  // weights.
  const std::string text = gunzip(kHepMC3Example);
  const auto plain = test::write_text(path("example.hepmc3"), text);
  {
    const bool warnings = HepMC3::Setup::print_warnings();
    HepMC3::Setup::set_print_warnings(false);  // "HepMC2 format is outdated"
    HepMC3::ReaderAscii in(plain.string());
    HepMC3::WriterAsciiHepMC2 out(path("example.hepmc2").string());
    for (HepMC3::GenEvent e; in.read_event(e) && !in.failed(); e.clear()) out.write_event(e);
    out.close();
    HepMC3::Setup::set_print_warnings(warnings);
  }
  const auto v3 = read_all(plain);
  const auto v2 = read_all(path("example.hepmc2"));
  ASSERT_EQ(v2.size(), v3.size());
  ASSERT_EQ(v2.size(), 100u);
  for (std::size_t i = 0; i < v3.size(); ++i) {
    EXPECT_EQ(v2[i].number, v3[i].number);
    EXPECT_EQ(v2[i].weights, v3[i].weights);
    ASSERT_EQ(v2[i].particles.size(), v3[i].particles.size());
    // The order of particles differs (HepMC2 lists them by vertex): compare as sets.
    auto key = [](const Particle& p) {
      return std::tuple(p.pdg, p.status, p.momentum.e(), p.momentum.px(), p.momentum.py(), p.momentum.pz());
    };
    std::vector<decltype(key(v2[i].particles[0]))> a, b;
    for (const auto& p : v2[i].particles) a.push_back(key(p));
    for (const auto& p : v3[i].particles) b.push_back(key(p));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << "event " << i;
  }
  // Named .hepmc2: the name alone would say so too; the text decides first.
  EXPECT_EQ(EventReader(path("example.hepmc2")).format(), EventFormat::hepmc2);
}

TEST_F(EventReaderTest, TruncatedHepMC3FilesNameTheFileTheLineAndTheEvent) {
  const std::string text = gunzip(kHepMC3Example);
  const int e50 = line_of(text, "E 50 ");  // the 51st event starts here
  // Cut between two events: only the missing end line tells.
  const auto between = test::write_text(path("between.hepmc3"), first_lines(text, e50 - 1));
  auto message = read_error(between);
  EXPECT_NE(message.find(fmt::format("between.hepmc3:{}: truncated", e50 - 1)), std::string::npos) << message;
  EXPECT_NE(message.find("after 50 events (the last numbered 49)"), std::string::npos) << message;
  EXPECT_NE(message.find("HepMC::Asciiv3-END_EVENT_LISTING"), std::string::npos) << message;
  // Cut inside an event, after its 4th particle line (E, U, W, 8 A lines, then P lines): too
  // few particles.
  const int p4 = e50 + 14;
  ASSERT_EQ(first_lines(text, p4).substr(first_lines(text, p4 - 1).size(), 4), "P 4 ");
  const auto inside = test::write_text(path("inside.hepmc3"), first_lines(text, p4));
  message = read_error(inside);
  EXPECT_NE(message.find(fmt::format("inside.hepmc3:{}: event 51 (after event number 49)", p4)), std::string::npos)
      << message;
  // Cut inside that line (40 of its 130 bytes gone).
  const std::string cut = first_lines(text, p4);
  const auto mid = test::write_text(path("mid.hepmc3"), cut.substr(0, cut.size() - 40));
  message = read_error(mid);
  EXPECT_NE(message.find(fmt::format("mid.hepmc3:{}: event 51", p4)), std::string::npos) << message;
  // Whole, it reads.
  EXPECT_EQ(read_all(test::write_text(path("whole.hepmc3"), text)).size(), 100u);
  // Something after the end line: HepMC3 stops at a HepMC line it does not know.
  const auto extra = test::write_text(path("extra.hepmc3"), text + "HepMC::Something-else\n");
  EXPECT_NE(read_error(extra).find("before the end of the file"), std::string::npos) << read_error(extra);
}

TEST_F(EventReaderTest, CorruptAndTruncatedGzip) {
  const std::string packed = gzip(gunzip(kHepMC3Example));
  ASSERT_EQ(read_all(test::write_text(path("ok.hepmc3.gz"), packed)).size(), 100u);
  // A flipped byte in the compressed data: the text goes wrong first, the CRC tells why.
  std::string flipped = packed;
  flipped[flipped.size() / 3] = static_cast<char>(flipped[flipped.size() / 3] ^ 0x55);
  auto message = read_error(test::write_text(path("flipped.hepmc3.gz"), flipped));
  EXPECT_NE(message.find("flipped.hepmc3.gz:"), std::string::npos) << message;
  EXPECT_NE(message.find("gzip data"), std::string::npos) << message;
  // The CRC at the end.
  std::string crc = packed;
  crc[crc.size() - 6] = static_cast<char>(crc[crc.size() - 6] ^ 0x01);
  message = read_error(test::write_text(path("crc.hepmc3.gz"), crc));
  EXPECT_NE(message.find("crc.hepmc3.gz:"), std::string::npos) << message;
  EXPECT_NE(message.find("corrupt gzip data (CRC mismatch)"), std::string::npos) << message;
  // Half the compressed file.
  message = read_error(test::write_text(path("half.hepmc3.gz"), packed.substr(0, packed.size() / 2)));
  EXPECT_NE(message.find("half.hepmc3.gz:"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated gzip data"), std::string::npos) << message;
  // Not gzip at all.
  message = read_error(test::write_text(path("plain.hepmc3.gz"), gunzip(kHepMC3Example)));
  EXPECT_NE(message.find("plain.hepmc3.gz:1: not gzip data"), std::string::npos) << message;
  // gzip without the name.
  message = read_error(test::write_text(path("packed.hepmc3"), packed));
  EXPECT_NE(message.find("packed.hepmc3: gzip-compressed"), std::string::npos) << message;
}

// A two-event LHE file written here (the layout of the LHE standard, hep-ph/0609017).
const char* kTwoEvents = R"(<LesHouchesEvents version="3.0">
<header>
</header>
<init>
 2212 2212 6.5E+03 6.5E+03 0 0 0 0 3 1
 1.0E+01 1.0E-01 1.0E+00 1
</init>
<event>
 4 1 +2.0E+00 9.1E+01 7.5E-03 1.2E-01
 21 -1 0 0 501 502 0.0 0.0 +5.0E+01 5.0E+01 0.0 0.0 9.0
 21 -1 0 0 502 501 0.0 0.0 -4.0E+01 4.0E+01 0.0 0.0 9.0
 11  1 1 2 0 0 +3.0E+01 0.0 +5.0E+00 3.0413812651491096E+01 0.0 0.0 9.0
-11  1 1 2 0 0 -3.0E+01 0.0 +5.0E+00 3.0413812651491096E+01 0.0 0.0 9.0
</event>
<event>
 3 1 -1.5E+00 9.1E+01 7.5E-03 1.2E-01
 2 -1 0 0 501 0 0.0 0.0 +3.0E+01 3.0E+01 0.0 0.0 9.0
 -2 -1 0 0 0 501 0.0 0.0 -3.0E+01 3.0E+01 0.0 0.0 9.0
 23  1 1 2 0 0 0.0 0.0 0.0 6.0E+01 6.0E+01 0.0 9.0
</event>
</LesHouchesEvents>
)";

TEST_F(EventReaderTest, LheEventsAndTheirTruncation) {
  const auto events = read_all(test::write_text(path("two.lhe"), kTwoEvents));
  ASSERT_EQ(events.size(), 2u);
  ASSERT_EQ(events[0].particles.size(), 4u);
  EXPECT_EQ(events[0].particles[2].pdg, 11);
  EXPECT_EQ(events[0].particles[2].status, 1);
  EXPECT_EQ(events[0].particles[0].status, -1);
  EXPECT_EQ(events[0].particles[3].momentum, FourVector(3.0413812651491096E+01, -30, 0, 5));
  ASSERT_FALSE(events[1].weights.empty());
  EXPECT_EQ(events[0].weights.front(), 2.0);  // XWGTUP
  EXPECT_EQ(events[1].weights.front(), -1.5);
  EXPECT_EQ(events[1].particles.size(), 3u);
  // The same, gzip-compressed, named by its extension.
  EXPECT_EQ(read_all(test::write_text(path("two.lhe.gz"), gzip(kTwoEvents))).size(), 2u);

  const std::string text = kTwoEvents;
  const int second = line_of(text, "<event>") + 7;  // the second <event> line
  auto message = read_error(test::write_text(path("cut.lhe"), first_lines(text, second + 2)));
  EXPECT_NE(message.find(fmt::format("cut.lhe:{}: truncated", second + 2)), std::string::npos) << message;
  EXPECT_NE(message.find("after 1 event (the last numbered 0)"), std::string::npos) << message;
  message = read_error(test::write_text(path("noend.lhe"), first_lines(text, second + 5)));
  EXPECT_NE(message.find("'</LesHouchesEvents>'"), std::string::npos) << message;
  // A particle line that does not parse.
  std::string bad = text;
  bad.replace(bad.find("11  1 1 2"), 2, "xx");
  message = read_error(test::write_text(path("bad.lhe"), bad));
  EXPECT_NE(message.find("bad.lhe:"), std::string::npos) << message;
  EXPECT_NE(message.find("event 1"), std::string::npos) << message;
}

TEST_F(EventReaderTest, MultiFileLheRunsAreRefused) {
  // Debian's LHEF example names two further files in <eventfiles> (line 325 of its text).
  const std::string message = read_error(kLheExample);
  EXPECT_NE(message.find("LHEF_example.lhe.gz:325: a multi-file LHE run (<eventfiles>)"), std::string::npos)
      << message;
}

TEST_F(EventReaderTest, UnitsFormatsAndValues) {
  // MeV and cm: momenta come out in GeV.
  const std::string mev =
      "HepMC::Version 3.01.01\nHepMC::Asciiv3-START_EVENT_LISTING\nE 7 0 2\nU MEV CM\nW 2.5\n"
      "P 1 0 22 1000 2000 -3000 3741.6573867739413 0 1\nP 2 0 22 -1000 -2000 3000 3741.6573867739413 0 1\n"
      "HepMC::Asciiv3-END_EVENT_LISTING\n";
  const auto e = read_all(test::write_text(path("mev.hepmc3"), mev));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].number, 7);
  EXPECT_EQ(e[0].weights, std::vector<double>{2.5});
  EXPECT_DOUBLE_EQ(e[0].particles[0].momentum.px(), 1.0);
  EXPECT_DOUBLE_EQ(e[0].particles[0].momentum.pz(), -3.0);
  EXPECT_DOUBLE_EQ(e[0].particles[1].momentum.e(), 3.7416573867739413);
  // The text decides over the name; --format over both.
  const auto misnamed = test::write_text(path("mev.lhe"), mev);
  EXPECT_EQ(EventReader(misnamed).format(), EventFormat::hepmc3);
  EXPECT_NE(read_error(misnamed, EventFormat::lhe).find("mev.lhe:"), std::string::npos);
  // Neither text nor name.
  EXPECT_NE(read_error(test::write_text(path("notes.txt"), "hello\n")).find("give --format"), std::string::npos);
  EXPECT_NE(read_error(test::write_text(path("empty.hepmc3"), "")).find("empty file"), std::string::npos);
  EXPECT_NE(read_error(path("missing.hepmc3")).find("cannot open"), std::string::npos);
  // A momentum that is not a number.
  std::string nan = mev;
  nan.replace(nan.find("2000 -3000"), 4, "nan ");
  EXPECT_NE(read_error(test::write_text(path("nan.hepmc3"), nan)).find("particle 1 (PDG id 22): momentum not finite"),
            std::string::npos)
      << read_error(path("nan.hepmc3"));
}

}  // namespace
}  // namespace topae::physics::io
