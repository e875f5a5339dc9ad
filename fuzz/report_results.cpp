// Fuzz target: the results.json reader of `topae report DIR`, the raw bytes of
// DIR/results.json: experiments::write_suite_summary(DIR) (results.json -> summary.json),
// then report::write_html_report(DIR) (summary.json -> report.html), as the command does.
//
// Bad input must throw InputError naming the file (never nlohmann's own exceptions, never a
// crash on a missing key or a number where a list was expected).
#include <cstdint>

#include "fuzz_support.hpp"
#include "topae/experiments/summary.hpp"
#include "topae/report/html_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace topae;
  const auto dir = fuzz::fresh_scratch_dir("results");
  fuzz::write_scratch_file("results/results.json", {data, size});
  if (!fuzz::expect_input_error([&] { experiments::write_suite_summary(experiments::suite(), dir); })) return 0;
  fuzz::expect_input_error([&] { report::write_html_report(dir); });
  return 0;
}
