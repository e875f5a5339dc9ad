// One core's peak single-precision rate, measured: independent chains of fused multiply-adds
// on the widest vectors this build targets (the ones topae's kernels use), enough chains to
// cover the FMA latency on every port. The benchmarks divide achieved GFLOP/s by this, not
// by a number that belongs to another machine.
//
//   fma-peak [--threads N] [--seconds S]
//
// Prints one line of JSON: {"vector_floats", "chains", "gflops_per_core", "threads"}; with N
// threads each runs the loop on its own core at once (the rate per core can fall when all
// cores are busy), and gflops_per_core is their mean.
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

#if defined(__AVX512F__)
constexpr int kV = 16;
constexpr int kChains = 24;  // 2 FMA ports x 4 cycles latency, with room to spare; 32 registers
#elif defined(__AVX__)
constexpr int kV = 8;
constexpr int kChains = 12;  // 16 registers
#else
constexpr int kV = 4;
constexpr int kChains = 12;
#endif
using Vec = float __attribute__((vector_size(kV * sizeof(float))));

// `iterations` rounds of kChains FMAs; returns a value that depends on all of them, so that
// the compiler keeps the work; noipa, so that it cannot see the call is pure and move it out
// of the timed region.
__attribute__((noipa)) float fma_chains(long iterations, float seed) {
  Vec acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = Vec{} + seed * static_cast<float>(c + 1);
  const Vec a = Vec{} + 0.999999f, b = Vec{} + 1e-7f;
  for (long i = 0; i < iterations; ++i) {
#pragma GCC unroll 32
    for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * a + b;  // contracted to one FMA
  }
  Vec sum = Vec{};
  for (int c = 0; c < kChains; ++c) sum += acc[c];
  float total = 0;
  for (int j = 0; j < kV; ++j) total += sum[j];
  return total;
}

// GFLOP/s of one thread over about `seconds`: the best of five timed runs.
double measure(double seconds, float seed, float& sink) {
  using clock = std::chrono::steady_clock;
  long iterations = 1 << 16;
  for (;;) {  // calibrate to about a tenth of the time
    const auto t0 = clock::now();
    sink += fma_chains(iterations, seed);
    if (std::chrono::duration<double>(clock::now() - t0).count() > seconds / 10) break;
    iterations *= 2;
  }
  double best = 0;
  for (int run = 0; run < 5; ++run) {
    const auto t0 = clock::now();
    sink += fma_chains(iterations, seed);
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    best = std::max(best, 2.0 * kV * kChains * static_cast<double>(iterations) / s / 1e9);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1;
  double seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: fma-peak [--threads N] [--seconds S]\n");
      return 2;
    }
  }
  if (threads < 1 || !(seconds > 0)) {
    std::fprintf(stderr, "fma-peak: --threads must be >= 1 and --seconds > 0\n");
    return 2;
  }
  std::vector<double> rate(static_cast<std::size_t>(threads));
  std::vector<float> sink(static_cast<std::size_t>(threads));
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    rate[static_cast<std::size_t>(t)] = measure(seconds, 1.0f + static_cast<float>(t), sink[static_cast<std::size_t>(t)]);
  }
  double mean = 0;
  for (double r : rate) mean += r / threads;
  std::printf("{\"vector_floats\": %d, \"chains\": %d, \"threads\": %d, \"gflops_per_core\": %.2f, \"sink\": %g}\n", kV,
              kChains, threads, mean, static_cast<double>(sink[0]));
  return 0;
}
