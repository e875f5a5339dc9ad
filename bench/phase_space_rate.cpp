// Events per second of topae's phase-space generator into memory, for
// bench/phase_space_vs_rambo.py. Prints one JSON line.
//
//   phase-space-rate --masses 0,0,100 --energy 1000 --n 4000000 --threads 1 --repeat 3
//
// "reused": the best of --repeat calls that refill the same sample (no allocation; the
// Fortran reference also writes into an existing array). "fresh": the first call, which
// also allocates and first touches the sample's memory.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "topae/core/stopwatch.hpp"
#include "topae/core/threads.hpp"
#include "topae/physics/phase_space.hpp"

int main(int argc, char** argv) {
  topae::physics::PhaseSpaceSpec spec;
  int threads = 1, repeat = 3;
  CLI::App app{"Events per second of topae's phase-space generator into memory"};
  app.add_option("--masses", spec.masses, "one mass per particle")->delimiter(',')->capture_default_str();
  app.add_option("--energy", spec.energy, "centre-of-mass energy")->capture_default_str();
  app.add_option("--n,--events", spec.n_events, "events per call")->capture_default_str();
  app.add_option("--threads", threads, "threads")->capture_default_str();
  app.add_option("--repeat", repeat, "timed calls into the reused sample (the best counts)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  topae::set_threads(threads);

  const auto seconds_of = [&](topae::physics::PhaseSpaceSample& sample) {
    const topae::Stopwatch clock;
    topae::physics::generate_phase_space(spec, sample);
    return clock.seconds();
  };
  topae::physics::PhaseSpaceSample sample;
  const double fresh = seconds_of(sample);
  double reused = 1e300;
  for (int r = 0; r < repeat; ++r) reused = std::min(reused, seconds_of(sample));
  // The mean weight estimates the phase-space volume: the Fortran reference prints the same.
  double sum_w = 0, sum_w2 = 0;
  for (const double w : sample.weight) {
    sum_w += w;
    sum_w2 += w * w;
  }
  const double n = static_cast<double>(spec.n_events);
  const double mean = sum_w / n;
  const double error = std::sqrt(std::max(0.0, sum_w2 / n - mean * mean) / n);
  const nlohmann::json out = {{"events", spec.n_events},
                              {"threads", threads},
                              {"reused_events_per_second", n / reused},
                              {"fresh_events_per_second", n / fresh},
                              {"reused_seconds", reused},
                              {"fresh_seconds", fresh},
                              {"mean_weight", mean},
                              {"mean_weight_error", error}};
  std::puts(out.dump().c_str());
}
