#include <gtest/gtest.h>

#include <bit>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

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
using test::read_text;
using test::write_text;

class CsvTest : public test::TempDirTest {
 protected:
  // The message of the InputError that reading `text` as data.csv throws.
  std::string error_reading(const std::string& text) const {
    const auto csv = write_text(path("data.csv"), text);
    try {
      read_table(csv);
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError for:\n" << text;
    return "";
  }
};

TEST_F(CsvTest, RoundTripIsExact) {
  const Dataset d = awkward_dataset();
  write_table(d, path("awkward.csv"));
  expect_identical(d, read_table(path("awkward.csv")));
}

TEST_F(CsvTest, RoundTripOfRandomDoublesIsExact) {
  std::mt19937_64 bits(42);
  Dataset d;
  d.columns = {"a", "b", "c", "d", "e", "f"};
  d.values.resize(5000, 6);
  for (Index i = 0; i < d.values.size(); ++i) {
    double v = std::bit_cast<double>(bits());
    while (!std::isfinite(v)) v = std::bit_cast<double>(bits());
    d.values.data()[i] = v;
  }
  write_table(d, path("random.csv"));
  expect_identical(d, read_table(path("random.csv")));
}

TEST_F(CsvTest, RoundTripWithoutLabelWeightOrTruth) {
  Dataset d;
  d.columns = {"x"};
  d.values = Table{{1.5}, {-2.0}};
  write_table(d, path("plain.csv"));
  EXPECT_EQ(read_text(path("plain.csv")), "x\n1.5\n-2.0\n");
  const Dataset back = read_table(path("plain.csv"));
  expect_identical(d, back);
  EXPECT_FALSE(back.label.has_value());
  EXPECT_FALSE(back.weight.has_value());
}

TEST_F(CsvTest, WritesTruthLineHeaderLabelAndWeight) {
  Dataset d;
  d.columns = {"a", "b"};
  d.truth = {"b"};
  d.values = Table{{0.1, -0.0}, {1e-300, 2.0}};
  d.label = Eigen::VectorXi{{0, 1}};
  d.weight = Eigen::VectorXd{{1.0, 0.5}};
  write_table(d, path("out.csv"));
  EXPECT_EQ(read_text(path("out.csv")), "# truth: b\na,b,label,weight\n0.1,-0.0,0,1.0\n1e-300,2.0,1,0.5\n");
}

TEST_F(CsvTest, ReadsCrlfCommentsSpacesBomAndTrailingBlankLines) {
  const auto hand = write_text(path("hand.csv"),
                               "\xEF\xBB\xBF# made by hand\r\n# truth:  theta \r\n\r\n theta , x ,label\r\n"
                               "0.5, 1 ,1\r\n-1,+2,0\r\n\r\n  \r\n");
  const Dataset d = read_table(hand);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"theta", "x"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"theta"}));
  EXPECT_EQ(d.values, (Table{{0.5, 1.0}, {-1.0, 2.0}}));
  ASSERT_TRUE(d.label.has_value());
  EXPECT_EQ(*d.label, (Eigen::VectorXi{{1, 0}}));
  EXPECT_FALSE(d.weight.has_value());
}

TEST_F(CsvTest, LabelAndWeightColumnsMayBeAnywhere) {
  const Dataset d = read_table(write_text(path("mixed.csv"), "label,x,weight,y\n1,2,0.5,3\n0,4,1.5,5"));
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(d.values, (Table{{2.0, 3.0}, {4.0, 5.0}}));
  EXPECT_EQ(*d.label, (Eigen::VectorXi{{1, 0}}));
  EXPECT_EQ(*d.weight, (Eigen::VectorXd{{0.5, 1.5}}));
}

TEST_F(CsvTest, LabelsMayBeWrittenAsIntegralFloats) {
  // numpy.savetxt's default format.
  const Dataset d = read_table(write_text(path("savetxt.csv"), "x,label\n1,1.000000000000000000e+00\n2,-3\n"));
  EXPECT_EQ(*d.label, (Eigen::VectorXi{{1, -3}}));
}

TEST_F(CsvTest, EmptyTruthLineMeansNoTruth) {
  const Dataset d = read_table(write_text(path("t.csv"), "# truth:\nx\n1\n"));
  EXPECT_TRUE(d.truth.empty());
}

TEST_F(CsvTest, MissingFile) {
  try {
    read_table(path("missing.csv"));
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {"missing.csv", "cannot open"}));
  }
}

TEST_F(CsvTest, FileErrorsNameTheFileAndTheProblem) {
  EXPECT_TRUE(contains(error_reading(""), {"data.csv", "empty file"}));
  EXPECT_TRUE(contains(error_reading("\n\r\n"), {"data.csv", "empty file"}));
  EXPECT_TRUE(contains(error_reading("# only a comment\n"), {"data.csv", "no header"}));
  EXPECT_TRUE(contains(error_reading("x,y\n"), {"data.csv", "no events"}));
  EXPECT_TRUE(contains(error_reading("x,y\n\n\n"), {"data.csv", "no events"}));
}

TEST_F(CsvTest, HeaderErrorsNameLineAndColumn) {
  EXPECT_TRUE(contains(error_reading("x,,y\n1,2,3\n"), {"data.csv:1:", "empty column name"}));
  EXPECT_TRUE(contains(error_reading(",x\n0,1\n"), {"data.csv:1:", "index=False"}));
  EXPECT_TRUE(contains(error_reading("# note\nx,x\n1,2\n"), {"data.csv:2: column 'x': duplicate column name"}));
  EXPECT_TRUE(contains(error_reading("\"x\",y\n1,2\n"), {"data.csv:1: column '\"x\"'", "quoted"}));
  EXPECT_TRUE(
      contains(error_reading("# truth: q\nx\n1\n"), {"data.csv:1: column 'q': truth column is not in the header"}));
  EXPECT_TRUE(contains(error_reading("# truth: label\nx,label\n1,0\n"), {"data.csv:1: column 'label'"}));
  EXPECT_TRUE(contains(error_reading("# truth: x\n# truth: x\nx\n1\n"), {"data.csv:2:", "second '# truth:'"}));
}

TEST_F(CsvTest, FieldErrorsNameLineColumnAndValue) {
  const std::string head = "# comment\n# truth: t\nt,x,y\n1,2,3\n";  // data from line 5
  EXPECT_TRUE(contains(error_reading(head + "1,2,abc\n"), {"data.csv:5: column 'y': not a number: \"abc\""}));
  EXPECT_TRUE(contains(error_reading(head + "1,2,1.5x\n"), {"data.csv:5: column 'y': not a number: \"1.5x\""}));
  // A missing value (an empty field, NaN as text) is an error unless --nan drop leaves its event out.
  const std::string missing = "missing value (NaN); --nan drop leaves such events out";
  EXPECT_TRUE(contains(error_reading(head + "1,,3\n"), {"data.csv:5: column 'x': " + missing}));
  EXPECT_TRUE(contains(error_reading(head + "1, ,3\n"), {"data.csv:5: column 'x': " + missing}));
  EXPECT_TRUE(contains(error_reading(head + "nan,2,3\n"), {"data.csv:5: column 't': " + missing}));
  EXPECT_TRUE(contains(error_reading(head + "1,NaN,3\n"), {"data.csv:5: column 'x': " + missing}));
  EXPECT_TRUE(contains(error_reading(head + "1,inf,3\n"), {"data.csv:5: column 'x': not finite"}));
  EXPECT_TRUE(contains(error_reading(head + "1,2,-inf\n"), {"data.csv:5: column 'y': not finite"}));
  EXPECT_TRUE(contains(error_reading(head + "1,2,1e999\n"), {"data.csv:5: column 'y': out of range"}));
  EXPECT_TRUE(contains(error_reading(head + "1,2,0x10\n"), {"data.csv:5: column 'y': not a number"}));
  EXPECT_TRUE(contains(error_reading(head + "1,2,+-3\n"), {"data.csv:5: column 'y': not a number"}));
  EXPECT_TRUE(contains(error_reading(head + "1,2,3\n4,5\n"), {"data.csv:6: column 'y': missing field"}));
  EXPECT_TRUE(contains(error_reading(head + "1,2,3,4,5\n"), {"data.csv:5:", "row has 5 fields, header has 3"}));
  EXPECT_TRUE(contains(error_reading(head + "\n1,2,3\n"), {"data.csv:5:", "blank line between events"}));
  EXPECT_TRUE(
      contains(error_reading("x,label\n1,0\n2,0.5\n"), {"data.csv:3: column 'label': not an integer: \"0.5\""}));
  EXPECT_TRUE(contains(error_reading("x,weight\n1,nan\n"), {"data.csv:2: column 'weight': " + missing}));
  EXPECT_TRUE(contains(error_reading("x,label\n1,\n"), {"data.csv:2: column 'label': empty field"}));
}

TEST_F(CsvTest, LineNumbersCountCrlfLines) {
  EXPECT_TRUE(contains(error_reading("x,y\r\n1,2\r\nfoo,2\r\n"), {"data.csv:3: column 'x': not a number: \"foo\""}));
}

TEST_F(CsvTest, WriteIntoAPathBelowAFileFailsAndLeavesNothing) {
  write_text(path("blocker"), "I am a file");
  const auto target = path("blocker") / "out.csv";
  EXPECT_THROW(write_table(awkward_dataset(), target), InputError);
  EXPECT_EQ(read_text(path("blocker")), "I am a file");
}

TEST_F(CsvTest, WriteOverADirectoryFailsAndLeavesNoTemporaryFile) {
  fs::create_directory(path("taken.csv"));
  EXPECT_THROW(write_table(awkward_dataset(), path("taken.csv")), InputError);
  EXPECT_TRUE(fs::is_directory(path("taken.csv")));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir()), fs::directory_iterator()), 1);
}

TEST_F(CsvTest, WriteRejectsWhatCouldNotBeReadBack) {
  write_text(path("keep.csv"), "old");
  Dataset nan = awkward_dataset();
  nan.values(2, 1) = std::numeric_limits<double>::quiet_NaN();
  try {
    write_table(nan, path("keep.csv"));
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {"keep.csv", "row 2, column 'x': not finite"}));
  }
  EXPECT_EQ(read_text(path("keep.csv")), "old");  // the old file is untouched

  Dataset comma = awkward_dataset();
  comma.columns[1] = "x,y";
  EXPECT_THROW(write_table(comma, path("comma.csv")), InputError);
  Dataset hash = awkward_dataset();
  hash.columns[0] = "#theta";
  hash.truth = {};
  EXPECT_THROW(write_table(hash, path("hash.csv")), InputError);
  Dataset empty = awkward_dataset();
  empty.values.resize(0, 3);
  empty.label.reset();
  empty.weight.reset();
  EXPECT_THROW(write_table(empty, path("empty.csv")), InputError);
  EXPECT_FALSE(fs::exists(path("comma.csv")));
  EXPECT_FALSE(fs::exists(path("hash.csv")));
  EXPECT_FALSE(fs::exists(path("empty.csv")));
}

}  // namespace
}  // namespace topae::data
