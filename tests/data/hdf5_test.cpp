#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

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
using test::write_text;

class Hdf5Test : public test::TempDirTest {
 protected:
  void SetUp() override {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    TempDirTest::SetUp();
  }
};

std::string error_reading(const fs::path& path) {
  try {
    read_table(path);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError reading " << path;
  return "";
}

// --- small C-API helpers to build files the writer would never produce ---------------------

struct File {
  hid_t id;
  File(const fs::path& path, bool create)
      : id(create ? H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)
                  : H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {}
  ~File() { H5Fclose(id); }
};

void write_array(hid_t file, const char* name, hid_t file_type, hid_t memory_type, std::vector<hsize_t> dims,
                 const void* data) {
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t dataset = H5Dcreate2(file, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(dataset, 0);
  ASSERT_GE(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), 0);
  H5Dclose(dataset);
  H5Sclose(space);
}

void write_vlen_strings(hid_t object, const char* name, const std::vector<const char*>& strings, H5T_cset_t cset) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, cset);
  const hsize_t dims[1] = {strings.size()};
  const hid_t space = H5Screate_simple(1, dims, nullptr);
  const hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(H5Awrite(attribute, type, strings.data()), 0);
  H5Aclose(attribute);
  H5Sclose(space);
  H5Tclose(type);
}

// numpy.array([b'x', b'yy']) as h5py writes it: fixed length, NUL-padded, ASCII.
void write_fixed_strings(hid_t object, const char* name, const std::vector<std::string>& strings, std::size_t size) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, size);
  H5Tset_strpad(type, H5T_STR_NULLPAD);
  std::vector<char> bytes(strings.size() * size, '\0');
  for (std::size_t i = 0; i < strings.size(); ++i) std::memcpy(&bytes[i * size], strings[i].data(), strings[i].size());
  const hsize_t dims[1] = {strings.size()};
  const hid_t space = H5Screate_simple(1, dims, nullptr);
  const hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(H5Awrite(attribute, type, bytes.data()), 0);
  H5Aclose(attribute);
  H5Sclose(space);
  H5Tclose(type);
}

// Runs `edit` on the opened /data of an existing file.
template <class Edit>
void edit_data(const fs::path& path, Edit edit) {
  File f(path, false);
  const hid_t data = H5Dopen2(f.id, "/data", H5P_DEFAULT);
  edit(f.id, data);
  H5Dclose(data);
}

// --- tests -------------------------------------------------------------------------------

TEST_F(Hdf5Test, RoundTripIsExact) {
  const Dataset d = awkward_dataset();
  write_table(d, path("awkward.h5"));
  expect_identical(d, read_table(path("awkward.h5")));
}

TEST_F(Hdf5Test, RoundTripWithoutLabelWeightOrTruth) {
  Dataset d;
  d.columns = {"x"};
  d.values = Table{{1.5}, {-2.0}};
  write_table(d, path("plain.h5"));
  const Dataset back = read_table(path("plain.h5"));
  expect_identical(d, back);
  File f(path("plain.h5"), false);
  EXPECT_EQ(H5Lexists(f.id, "/label", H5P_DEFAULT), 0);
  EXPECT_EQ(H5Lexists(f.id, "/weight", H5P_DEFAULT), 0);
}

TEST_F(Hdf5Test, WritesTheDocumentedLayout) {
  write_table(awkward_dataset(), path("layout.h5"));
  File f(path("layout.h5"), false);
  const hid_t data = H5Dopen2(f.id, "/data", H5P_DEFAULT);
  const hid_t data_type = H5Dget_type(data);
  EXPECT_EQ(H5Tequal(data_type, H5T_IEEE_F64LE), 1);
  const hid_t space = H5Dget_space(data);
  hsize_t dims[2];
  ASSERT_EQ(H5Sget_simple_extent_ndims(space), 2);
  H5Sget_simple_extent_dims(space, dims, nullptr);
  EXPECT_EQ(dims[0], 4u);
  EXPECT_EQ(dims[1], 3u);
  for (const char* name : {"columns", "truth"}) {
    const hid_t attribute = H5Aopen(data, name, H5P_DEFAULT);
    const hid_t type = H5Aget_type(attribute);
    EXPECT_EQ(H5Tget_class(type), H5T_STRING) << name;
    EXPECT_GT(H5Tis_variable_str(type), 0) << name;
    EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8) << name;
    H5Tclose(type);
    H5Aclose(attribute);
  }
  const hid_t label = H5Dopen2(f.id, "/label", H5P_DEFAULT);
  const hid_t label_type = H5Dget_type(label);
  EXPECT_EQ(H5Tequal(label_type, H5T_STD_I32LE), 1);
  const hid_t weight = H5Dopen2(f.id, "/weight", H5P_DEFAULT);
  const hid_t weight_type = H5Dget_type(weight);
  EXPECT_EQ(H5Tequal(weight_type, H5T_IEEE_F64LE), 1);
  for (hid_t t : {data_type, label_type, weight_type}) H5Tclose(t);
  for (hid_t d : {data, label, weight}) H5Dclose(d);
  H5Sclose(space);
}

TEST_F(Hdf5Test, ReadsOtherNumericTypesAndFixedLengthStrings) {
  {
    File f(path("types.h5"), true);
    const std::int32_t data[2][2] = {{1, 2}, {3, -4}};
    write_array(f.id, "/data", H5T_STD_I32BE, H5T_NATIVE_INT32, {2, 2}, data);
    const std::int64_t label[2] = {1, 0};
    write_array(f.id, "/label", H5T_STD_I64LE, H5T_NATIVE_INT64, {2}, label);
    const float weight[2] = {0.5f, 2.0f};
    write_array(f.id, "/weight", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {2}, weight);
    const hid_t d = H5Dopen2(f.id, "/data", H5P_DEFAULT);
    write_fixed_strings(d, "columns", {"a", "bb"}, 2);
    write_vlen_strings(d, "truth", {"bb"}, H5T_CSET_ASCII);
    H5Dclose(d);
  }
  const Dataset d = read_table(path("types.h5"));
  EXPECT_EQ(d.columns, (std::vector<std::string>{"a", "bb"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"bb"}));
  EXPECT_EQ(d.values, (Table{{1.0, 2.0}, {3.0, -4.0}}));
  EXPECT_EQ(*d.label, (Eigen::VectorXi{{1, 0}}));
  EXPECT_EQ(*d.weight, (Eigen::VectorXd{{0.5, 2.0}}));
}

TEST_F(Hdf5Test, MissingOrForeignFile) {
  EXPECT_TRUE(contains(error_reading(path("missing.h5")), {"missing.h5", "cannot open"}));
  write_text(path("text.h5"), "x,y\n1,2\n");
  EXPECT_TRUE(contains(error_reading(path("text.h5")), {"text.h5", "not an HDF5 file"}));
}

TEST_F(Hdf5Test, MissingOrMisshapenData) {
  const double values[3] = {1, 2, 3};
  {
    File f(path("nodata.h5"), true);
    write_array(f.id, "/other", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {3}, values);
  }
  EXPECT_TRUE(contains(error_reading(path("nodata.h5")), {"nodata.h5", "no dataset '/data'"}));
  {
    File f(path("flat.h5"), true);
    write_array(f.id, "/data", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {3}, values);
  }
  EXPECT_TRUE(contains(error_reading(path("flat.h5")), {"flat.h5", "dataset '/data' must be 2-D", "1 dimensions"}));
  {
    File f(path("group.h5"), true);
    H5Gclose(H5Gcreate2(f.id, "/data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  }
  EXPECT_TRUE(contains(error_reading(path("group.h5")), {"group.h5", "'/data' is not a dataset"}));
  {
    File f(path("strings.h5"), true);
    const char text[2][2] = {{'a', 'b'}, {'c', 'd'}};
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, 1);
    write_array(f.id, "/data", type, type, {2, 2}, text);
    H5Tclose(type);
  }
  EXPECT_TRUE(contains(error_reading(path("strings.h5")), {"strings.h5", "dataset '/data' must be numeric"}));
}

TEST_F(Hdf5Test, BadColumnNames) {
  write_table(awkward_dataset(), path("nocolumns.h5"));
  edit_data(path("nocolumns.h5"), [](hid_t, hid_t data) { H5Adelete(data, "columns"); });
  EXPECT_TRUE(contains(error_reading(path("nocolumns.h5")), {"nocolumns.h5", "no attribute 'columns'"}));

  write_table(awkward_dataset(), path("short.h5"));
  edit_data(path("short.h5"), [](hid_t, hid_t data) {
    H5Adelete(data, "columns");
    write_vlen_strings(data, "columns", {"theta", "x"}, H5T_CSET_UTF8);
  });
  EXPECT_TRUE(contains(error_reading(path("short.h5")), {"short.h5", "'columns'", "has 2 names for 3 columns"}));

  write_table(awkward_dataset(), path("twice.h5"));
  edit_data(path("twice.h5"), [](hid_t, hid_t data) {
    H5Adelete(data, "columns");
    write_vlen_strings(data, "columns", {"theta", "x", "x"}, H5T_CSET_UTF8);
  });
  EXPECT_TRUE(contains(error_reading(path("twice.h5")), {"twice.h5", "duplicate column name 'x'"}));

  write_table(awkward_dataset(), path("numbers.h5"));
  edit_data(path("numbers.h5"), [](hid_t file, hid_t data) {
    H5Adelete(data, "columns");
    const hsize_t dims[1] = {3};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    H5Aclose(H5Acreate2(data, "columns", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT));
    H5Sclose(space);
    (void)file;
  });
  EXPECT_TRUE(contains(error_reading(path("numbers.h5")), {"numbers.h5", "'columns'", "1-D array of strings"}));

  write_table(awkward_dataset(), path("truth.h5"));
  edit_data(path("truth.h5"), [](hid_t, hid_t data) {
    H5Adelete(data, "truth");
    write_vlen_strings(data, "truth", {"phi"}, H5T_CSET_UTF8);
  });
  EXPECT_TRUE(contains(error_reading(path("truth.h5")), {"truth.h5", "truth column 'phi' is not a column"}));
}

TEST_F(Hdf5Test, NonFiniteValues) {
  write_table(awkward_dataset(), path("nan.h5"));
  edit_data(path("nan.h5"), [](hid_t, hid_t data) {
    Table values(4, 3);
    values.setOnes();
    values(2, 1) = std::numeric_limits<double>::quiet_NaN();
    H5Dwrite(data, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  });
  EXPECT_TRUE(contains(error_reading(path("nan.h5")), {"nan.h5", "row 2, column 'x': missing value (NaN)"}));

  write_table(awkward_dataset(), path("infweight.h5"));
  {
    File f(path("infweight.h5"), false);
    const double weight[4] = {1, 1, 1, std::numeric_limits<double>::infinity()};
    const hid_t dataset = H5Dopen2(f.id, "/weight", H5P_DEFAULT);
    H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, weight);
    H5Dclose(dataset);
  }
  EXPECT_TRUE(contains(error_reading(path("infweight.h5")), {"infweight.h5", "row 3, column 'weight': not finite: inf"}));
}

TEST_F(Hdf5Test, BadLabelOrWeight) {
  const double three[3] = {0, 1, 0};
  write_table(awkward_dataset(), path("label.h5"));
  {
    File f(path("label.h5"), false);
    H5Ldelete(f.id, "/label", H5P_DEFAULT);
    write_array(f.id, "/label", H5T_STD_I32LE, H5T_NATIVE_DOUBLE, {3}, three);
  }
  EXPECT_TRUE(contains(error_reading(path("label.h5")), {"label.h5", "dataset '/label' has 3 entries for 4 events"}));

  write_table(awkward_dataset(), path("weight.h5"));
  {
    File f(path("weight.h5"), false);
    H5Ldelete(f.id, "/weight", H5P_DEFAULT);
    write_array(f.id, "/weight", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {3}, three);
  }
  EXPECT_TRUE(
      contains(error_reading(path("weight.h5")), {"weight.h5", "dataset '/weight' has 3 entries for 4 events"}));

  write_table(awkward_dataset(), path("half.h5"));
  {
    File f(path("half.h5"), false);
    H5Ldelete(f.id, "/label", H5P_DEFAULT);
    const double labels[4] = {0, 1, 0.5, 1};
    write_array(f.id, "/label", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {4}, labels);
  }
  EXPECT_TRUE(contains(error_reading(path("half.h5")), {"half.h5", "dataset '/label', row 2: not an integer"}));

  write_table(awkward_dataset(), path("square.h5"));
  {
    File f(path("square.h5"), false);
    H5Ldelete(f.id, "/weight", H5P_DEFAULT);
    const double weights[4] = {1, 1, 1, 1};
    write_array(f.id, "/weight", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {2, 2}, weights);
  }
  EXPECT_TRUE(contains(error_reading(path("square.h5")), {"square.h5", "dataset '/weight' must be 1-D"}));
}

TEST_F(Hdf5Test, WriteIntoAPathBelowAFileFailsAndLeavesNothing) {
  write_text(path("blocker"), "I am a file");
  EXPECT_THROW(write_table(awkward_dataset(), path("blocker") / "out.h5"), InputError);
  EXPECT_TRUE(fs::is_regular_file(path("blocker")));
}

TEST_F(Hdf5Test, WriteOverADirectoryFailsAndLeavesNoTemporaryFile) {
  fs::create_directory(path("taken.h5"));
  EXPECT_THROW(write_table(awkward_dataset(), path("taken.h5")), InputError);
  EXPECT_TRUE(fs::is_directory(path("taken.h5")));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir()), fs::directory_iterator()), 1);
}

TEST_F(Hdf5Test, WriteRejectsNonFiniteValues) {
  Dataset d = awkward_dataset();
  d.values(0, 0) = -std::numeric_limits<double>::infinity();
  EXPECT_THROW(write_table(d, path("inf.h5")), InputError);
  EXPECT_FALSE(fs::exists(path("inf.h5")));
}

// read_table / write_table choose the format by extension; they live in table_io.cpp.
TEST_F(Hdf5Test, TableIoDispatchesOnExtension) {
  const Dataset d = awkward_dataset();
  for (const char* name : {"t.csv", "t.h5", "t.hdf5", "T.H5", "T.CSV"}) {
    write_table(d, path(name));
    expect_identical(d, read_table(path(name)));
  }
  // The extension decides the format, not the content.
  std::ifstream in(path("t.h5"), std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "HDF");
}

TEST_F(Hdf5Test, TableIoRejectsUnknownExtensions) {
  for (const char* name : {"data.txt", "data"}) {
    try {
      write_table(awkward_dataset(), path(name));
      FAIL() << "no InputError for " << name;
    } catch (const InputError& e) {
      EXPECT_TRUE(contains(e.what(), {name, "extension", ".csv, .h5 or .hdf5"}));
    }
    EXPECT_FALSE(fs::exists(path(name)));
    EXPECT_THROW(read_table(path(name)), InputError);
  }
}

}  // namespace
}  // namespace topae::data
