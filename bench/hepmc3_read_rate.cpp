// HepMC3's own ASCII reader alone, the reference of bench/features_vs_hepmc3.py. Prints one
// JSON line.
//
//   hepmc3-read-rate read FILE                 every event of FILE (HepMC3 ASCII, not gzip)
//   hepmc3-read-rate write SRC OUT COPIES      SRC's events COPIES times into OUT (WriterAscii),
//                                              numbered 0, 1, ...: a larger input of real events
//
// "read" touches every particle's momentum and status (their sum is printed), as topae does,
// so that no work can be left out; it does nothing else.
#include <HepMC3/GenEvent.h>
#include <HepMC3/GenParticle.h>
#include <HepMC3/ReaderAscii.h>
#include <HepMC3/WriterAscii.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

int read(const char* path) {
  const auto start = std::chrono::steady_clock::now();
  HepMC3::ReaderAscii reader(path);
  HepMC3::GenEvent event;
  long long events = 0, particles = 0;
  double sum = 0;
  while (true) {
    reader.read_event(event);
    if (reader.failed()) break;
    ++events;
    for (const auto& p : event.particles()) {
      ++particles;
      if (p->status() == 1) sum += p->momentum().e();
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const nlohmann::json out = {{"events", events},
                              {"particles", particles},
                              {"final_state_energy", sum},
                              {"seconds", seconds},
                              {"events_per_second", static_cast<double>(events) / seconds}};
  std::puts(out.dump().c_str());
  return events > 0 ? 0 : 1;
}

int write(const char* source, const char* target, int copies) {
  std::vector<HepMC3::GenEvent> events;
  HepMC3::ReaderAscii reader(source);
  while (true) {
    HepMC3::GenEvent e;
    reader.read_event(e);
    if (reader.failed()) break;
    events.push_back(e);
  }
  HepMC3::WriterAscii writer(target, reader.run_info());
  int number = 0;
  for (int c = 0; c < copies; ++c) {
    for (auto& e : events) {
      e.set_event_number(number++);
      writer.write_event(e);
    }
  }
  writer.close();
  std::puts(nlohmann::json({{"events", number}, {"file", target}}).dump().c_str());
  return number > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "read" && argc == 3) return read(argv[2]);
  if (mode == "write" && argc == 5) return write(argv[2], argv[3], std::atoi(argv[4]));
  std::fprintf(stderr, "usage: hepmc3-read-rate read FILE | write SRC OUT COPIES\n");
  return 2;
}
