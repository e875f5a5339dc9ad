#include "topae/data/table_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "support/table_support.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {
namespace {

namespace fs = std::filesystem;
using test::awkward_dataset;
using test::contains;
using test::expect_identical;

class TableWriterTest : public test::TempDirTest {};

TEST_F(TableWriterTest, ChunksWrittenOneByOneReadBackAsTheWhole) {
  const Dataset d = awkward_dataset();
  for (const char* name : {"chunks.csv", "chunks.h5"}) {
    TableWriter writer(path(name), TableSchema::of(d));
    for (Index i = 0; i < d.n_events(); ++i) writer.append(d.select_rows({i}));
    writer.append(d.select_rows({}));  // an empty chunk is fine
    EXPECT_EQ(writer.rows_written(), 4);
    EXPECT_FALSE(fs::exists(path(name)));  // nothing at the path before commit
    writer.commit();
    expect_identical(d, read_table(path(name)));
  }
}

// HDF5 records modification times in object headers unless told not to: the same table
// written a second later must still be the same bytes (reproducible outputs).
TEST_F(TableWriterTest, TheSameTableIsTheSameHdf5BytesAnotherSecond) {
  write_table(awkward_dataset(), path("first.h5"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_table(awkward_dataset(), path("second.h5"));
  EXPECT_TRUE(test::read_text(path("first.h5")) == test::read_text(path("second.h5")));
}

TEST_F(TableWriterTest, NothingIsLeftWithoutCommitAndAnOldFileStays) {
  test::write_text(path("old.csv"), "x\n1\n");
  {
    TableWriter writer(path("old.csv"), TableSchema::of(awkward_dataset()));
    writer.append(awkward_dataset());
  }  // destroyed without commit: an error or Ctrl-C
  EXPECT_EQ(test::read_text(path("old.csv")), "x\n1\n");
  {
    TableWriter writer(path("empty.h5"), TableSchema::of(awkward_dataset()));
    try {
      writer.commit();
      ADD_FAILURE() << "committed no events";
    } catch (const InputError& e) {
      EXPECT_TRUE(contains(e.what(), {"empty.h5", "no events"}));
    }
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir()), fs::directory_iterator()), 1);
}

TEST_F(TableWriterTest, ChunksMustHaveTheSchemaAndFiniteValues) {
  Dataset d = awkward_dataset();
  TableWriter writer(path("t.h5"), TableSchema::of(d));
  Dataset other = d;
  other.weight.reset();
  EXPECT_THROW(writer.append(other), InputError);
  d.values(2, 1) = std::numeric_limits<double>::quiet_NaN();
  try {
    writer.append(d);
    ADD_FAILURE() << "wrote a NaN";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {"t.h5", "row 2, column 'x': not finite: nan"}));
  }
  EXPECT_THROW(TableWriter(path("bad.h5"), TableSchema{{"a", "a"}, {}, false, false}), InputError);
  EXPECT_THROW(TableWriter(path("bad.h5"), TableSchema{{"a"}, {}, false, false}, {Compression::gzip, 10}), InputError);
}

// HDF5 tables are chunked; asked to, they are compressed with shuffle and deflate, which any
// libhdf5 (h5py, pandas, ROOT) reads.
TEST_F(TableWriterTest, Hdf5IsChunkedAndOnRequestShuffledAndDeflated) {
  write_table(awkward_dataset(), path("t.h5"), {.compression = Compression::gzip});
  const hid_t file = H5Fopen(path("t.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t data = H5Dopen2(file, "/data", H5P_DEFAULT);
  const hid_t plist = H5Dget_create_plist(data);
  EXPECT_EQ(H5Pget_layout(plist), H5D_CHUNKED);
  ASSERT_EQ(H5Pget_nfilters(plist), 2);
  unsigned flags = 0;
  std::size_t n = 1;
  unsigned level = 0;
  EXPECT_EQ(H5Pget_filter2(plist, 0, &flags, &n, &level, 0, nullptr, nullptr), H5Z_FILTER_SHUFFLE);
  n = 1;
  EXPECT_EQ(H5Pget_filter2(plist, 1, &flags, &n, &level, 0, nullptr, nullptr), H5Z_FILTER_DEFLATE);
  EXPECT_EQ(level, 1u);
  H5Pclose(plist);
  H5Dclose(data);
  H5Fclose(file);
  expect_identical(awkward_dataset(), read_table(path("t.h5")));
  write_table(awkward_dataset(), path("plain.h5"));
  const hid_t plain = H5Fopen(path("plain.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t plain_data = H5Dopen2(plain, "/data", H5P_DEFAULT);
  const hid_t plain_plist = H5Dget_create_plist(plain_data);
  EXPECT_EQ(H5Pget_layout(plain_plist), H5D_CHUNKED);
  EXPECT_EQ(H5Pget_nfilters(plain_plist), 0);
  H5Pclose(plain_plist);
  H5Dclose(plain_data);
  H5Fclose(plain);
}

}  // namespace
}  // namespace topae::data
