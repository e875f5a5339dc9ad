#include "topae/data/table_reader.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "support/table_support.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {
namespace {

namespace fs = std::filesystem;
using test::contains;

// 10 events: x = i, y = 10 i, label i % 2, weight 1 + i; x is missing (empty) in rows 3 and 7.
const char* kTable =
    "# truth: y\n"
    "x,y,label,weight\n"
    "0,0,0,1\n1,10,1,2\n2,20,0,3\n,30,1,4\n4,40,0,5\n5,50,1,6\n6,60,0,7\nnan,70,1,8\n8,80,0,9\n9,90,1,10\n";

class TableReaderTest : public test::TempDirTest {
 protected:
  fs::path table() const { return test::write_text(path("t.csv"), kTable); }

  std::string error(const ReadOptions& options) const {
    try {
      read_table(table(), options);
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError for " << options.description();
    return "";
  }
};

TEST_F(TableReaderTest, NanFailsNamingTheLineUnlessDropped) {
  EXPECT_TRUE(contains(error({}), {"t.csv:6: column 'x': missing value (NaN); --nan drop"}));
  const Dataset d = read_table(table(), {.nan = NanPolicy::drop});
  ASSERT_EQ(d.n_events(), 8);
  EXPECT_EQ(d.values.col(0), (Eigen::VectorXd{{0, 1, 2, 4, 5, 6, 8, 9}}));
  EXPECT_EQ(*d.weight, (Eigen::VectorXd{{1, 2, 3, 5, 6, 7, 9, 10}}));
  EXPECT_EQ(d.truth, std::vector<std::string>{"y"});
  // A NaN in a column left out does not matter.
  EXPECT_EQ(read_table(table(), {.exclude = {"x"}}).n_events(), 10);
}

TEST_F(TableReaderTest, WhereSelectsOnColumnsLabelAndWeightEvenExcludedOnes) {
  const ReadOptions options{.exclude = {"x"}, .where = "label == 1 && x > 2 && weight < 9"};
  // x is read by --where, so its NaN counts: rows 3 and 7 fail (x is NaN) unless dropped.
  EXPECT_TRUE(contains(error(options), {"t.csv:6: column 'x': missing value"}));
  ReadOptions drop = options;
  drop.nan = NanPolicy::drop;
  const Dataset d = read_table(table(), drop);
  EXPECT_EQ(d.columns, std::vector<std::string>{"y"});
  EXPECT_EQ(d.values.col(0), (Eigen::VectorXd{{50}}));  // x = 5 only: 9 has weight 10
  TableReader reader(table(), drop);
  Dataset chunk;
  while (reader.next(chunk, 3)) {
  }
  EXPECT_EQ(reader.rows_read(), 10);
  EXPECT_EQ(reader.rows_with_nan(), 2);
  EXPECT_EQ(reader.rows_failing_where(), 7);
  EXPECT_EQ(reader.rows_kept(), 1);
  EXPECT_EQ(reader.summary(), "10 events read, 2 with NaN dropped, 7 failing --where: 1 kept");
}

TEST_F(TableReaderTest, ChunksOfAnySizeGiveTheSameEvents) {
  const ReadOptions options{.where = "y >= 20", .nan = NanPolicy::drop};
  const Dataset whole = read_table(table(), options);
  for (const Index size : {1, 2, 3, 7, 100}) {
    TableReader reader(table(), options);
    Dataset chunk;
    std::vector<double> y;
    while (reader.next(chunk, size)) {
      EXPECT_LE(chunk.n_events(), size);
      for (Index i = 0; i < chunk.n_events(); ++i) y.push_back(chunk.values(i, 1));
    }
    EXPECT_EQ(y, std::vector<double>(whole.values.col(1).begin(), whole.values.col(1).end())) << size;
  }
}

TEST_F(TableReaderTest, MaxEventsStopsReading) {
  // 1000 events in HDF5, read 64 at a time: --max-events 100 must stop after two chunks.
  Dataset big;
  big.columns = {"a"};
  big.values = Table::Constant(1000, 1, 1.0);
  write_table(big, path("big.h5"));
  TableReader reader(path("big.h5"), {.max_events = 100});
  EXPECT_EQ(reader.file_rows(), 1000);
  Dataset chunk;
  Index n = 0;
  while (reader.next(chunk, 64)) n += chunk.n_events();
  EXPECT_EQ(n, 100);
  EXPECT_EQ(reader.rows_read(), 128);
  EXPECT_EQ(read_table(table(), {.nan = NanPolicy::drop, .max_events = 3}).values.col(0), (Eigen::VectorXd{{0, 1, 2}}));
}

TEST_F(TableReaderTest, BadOptionsNameTheFlag) {
  EXPECT_TRUE(contains(error({.exclude = {"z"}}), {"t.csv", "--exclude: no column 'z' (columns: x, y, label, weight)"}));
  EXPECT_TRUE(contains(error({.where = "z > 1"}), {"--where 'z > 1': unknown column 'z' at character 1"}));
  EXPECT_TRUE(contains(error({.key = "df"}), {"t.csv", "--key names a table inside an HDF5 file"}));
  EXPECT_TRUE(contains(error({.where = "y > 1000", .nan = NanPolicy::drop}),
                       {"no events left", "10 events read, 2 with NaN dropped, 8 failing --where: 0 kept"}));
  // Excluding the label leaves the events without one.
  EXPECT_FALSE(read_table(table(), {.exclude = {"label", "x"}}).label.has_value());
}

}  // namespace
}  // namespace topae::data
