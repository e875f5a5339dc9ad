// Fuzz target: the CSV table reader (data::read_table), on the raw bytes of a file.
//
// Bad input must throw InputError. A table it accepts must have events, finite values, and
// survive write_table -> read_table unchanged, bit for bit (the writer's promise), unless its
// column names cannot be written to CSV (which write_table reports as InputError).
#include <cstdint>
#include <cstring>

#include "fuzz_support.hpp"
#include "topae/data/table_io.hpp"

namespace {

bool same_bits(const Eigen::Ref<const Eigen::ArrayXd>& a, const Eigen::Ref<const Eigen::ArrayXd>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace topae;
  const auto path = fuzz::write_scratch_file("input.csv", {data, size});
  data::Dataset table;
  if (!fuzz::expect_input_error([&] { table = data::read_table(path); })) return 0;

  fuzz::require(table.n_events() > 0 && table.values.allFinite(), "read_table accepted a table without events or with NaN");

  const auto copy = fuzz::scratch_dir() / "copy.csv";
  if (!fuzz::expect_input_error([&] { data::write_table(table, copy); })) return 0;
  data::Dataset again;
  fuzz::require(fuzz::expect_input_error([&] { again = data::read_table(copy); }), "read_table rejects what write_table wrote");
  fuzz::require(again.columns == table.columns && again.truth == table.truth, "CSV round trip changed the names");
  fuzz::require(again.values.rows() == table.values.rows() && again.values.cols() == table.values.cols(),
                "CSV round trip changed the shape");
  const Eigen::Map<const Eigen::ArrayXd> v(table.values.data(), table.values.size());
  const Eigen::Map<const Eigen::ArrayXd> w(again.values.data(), again.values.size());
  fuzz::require(same_bits(v, w), "CSV round trip changed a value");
  fuzz::require(table.label.has_value() == again.label.has_value() && (!table.label || *table.label == *again.label),
                "CSV round trip changed the labels");
  fuzz::require(table.weight.has_value() == again.weight.has_value() &&
                    (!table.weight || same_bits(table.weight->array(), again.weight->array())),
                "CSV round trip changed the weights");
  return 0;
}
