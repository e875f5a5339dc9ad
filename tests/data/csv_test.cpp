#include <gtest/gtest.h>
#include <unistd.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class CsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("topae-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path file(const std::string& name) const { return dir_ / name; }
  fs::path write_text(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }
  static std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // The message of the InputError that reading `text` as data.csv throws.
  std::string error_reading(const std::string& text) const {
    const auto path = write_text("data.csv", text);
    try {
      read_csv(path);
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError for:\n" << text;
    return "";
  }

  fs::path dir_;
};

// True (with a readable failure) if `message` contains every piece.
::testing::AssertionResult contains(const std::string& message, std::initializer_list<std::string> pieces) {
  for (const auto& piece : pieces) {
    if (message.find(piece) == std::string::npos) {
      return ::testing::AssertionFailure() << "\"" << message << "\" lacks \"" << piece << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

// Bitwise equality, so -0.0 differs from 0.0.
bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void expect_identical(const Dataset& a, const Dataset& b) {
  EXPECT_EQ(a.columns, b.columns);
  EXPECT_EQ(a.truth, b.truth);
  ASSERT_EQ(a.values.rows(), b.values.rows());
  ASSERT_EQ(a.values.cols(), b.values.cols());
  for (Index i = 0; i < a.values.rows(); ++i) {
    for (Index j = 0; j < a.values.cols(); ++j) {
      EXPECT_TRUE(same_bits(a.values(i, j), b.values(i, j)))
          << "row " << i << " col " << j << ": " << a.values(i, j) << " vs " << b.values(i, j);
    }
  }
  ASSERT_EQ(a.label.has_value(), b.label.has_value());
  if (a.label) {
    EXPECT_EQ(*a.label, *b.label);
  }
  ASSERT_EQ(a.weight.has_value(), b.weight.has_value());
  if (a.weight) {
    for (Index i = 0; i < a.weight->size(); ++i) EXPECT_TRUE(same_bits((*a.weight)(i), (*b.weight)(i)));
  }
}

// Doubles whose text form is easy to get wrong.
Dataset awkward_dataset() {
  Dataset d;
  d.columns = {"theta", "x", "y"};
  d.truth = {"theta"};
  d.values.resize(4, 3);
  d.values << 1e-300, -0.0, 0.1,                                                                 //
      1.0 / 3.0, std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),  //
      -std::numeric_limits<double>::min(), 123456789.123456789, 1e22,                            //
      3.141592653589793, -1e-5, 0.0;
  d.label = Eigen::VectorXi{{0, 1, 1, 7}};
  d.weight = Eigen::VectorXd{{1.0, 0.5, 2.0 / 3.0, -1e-300}};
  return d;
}

TEST_F(CsvTest, RoundTripIsExact) {
  const Dataset d = awkward_dataset();
  write_csv(d, file("awkward.csv"));
  expect_identical(d, read_csv(file("awkward.csv")));
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
  write_csv(d, file("random.csv"));
  expect_identical(d, read_csv(file("random.csv")));
}

TEST_F(CsvTest, RoundTripWithoutLabelWeightOrTruth) {
  Dataset d;
  d.columns = {"x"};
  d.values = Table{{1.5}, {-2.0}};
  write_csv(d, file("plain.csv"));
  EXPECT_EQ(read_text(file("plain.csv")), "x\n1.5\n-2.0\n");
  const Dataset back = read_csv(file("plain.csv"));
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
  write_csv(d, file("out.csv"));
  EXPECT_EQ(read_text(file("out.csv")), "# truth: b\na,b,label,weight\n0.1,-0.0,0,1.0\n1e-300,2.0,1,0.5\n");
}

TEST_F(CsvTest, ReadsCrlfCommentsSpacesBomAndTrailingBlankLines) {
  const auto path = write_text("hand.csv",
                               "\xEF\xBB\xBF# made by hand\r\n# truth:  theta \r\n\r\n theta , x ,label\r\n"
                               "0.5, 1 ,1\r\n-1,+2,0\r\n\r\n  \r\n");
  const Dataset d = read_csv(path);
  EXPECT_EQ(d.columns, (std::vector<std::string>{"theta", "x"}));
  EXPECT_EQ(d.truth, (std::vector<std::string>{"theta"}));
  EXPECT_EQ(d.values, (Table{{0.5, 1.0}, {-1.0, 2.0}}));
  ASSERT_TRUE(d.label.has_value());
  EXPECT_EQ(*d.label, (Eigen::VectorXi{{1, 0}}));
  EXPECT_FALSE(d.weight.has_value());
}

TEST_F(CsvTest, LabelAndWeightColumnsMayBeAnywhere) {
  const Dataset d = read_csv(write_text("mixed.csv", "label,x,weight,y\n1,2,0.5,3\n0,4,1.5,5"));
  EXPECT_EQ(d.columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(d.values, (Table{{2.0, 3.0}, {4.0, 5.0}}));
  EXPECT_EQ(*d.label, (Eigen::VectorXi{{1, 0}}));
  EXPECT_EQ(*d.weight, (Eigen::VectorXd{{0.5, 1.5}}));
}

TEST_F(CsvTest, LabelsMayBeWrittenAsIntegralFloats) {
  // numpy.savetxt's default format.
  const Dataset d = read_csv(write_text("savetxt.csv", "x,label\n1,1.000000000000000000e+00\n2,-3\n"));
  EXPECT_EQ(*d.label, (Eigen::VectorXi{{1, -3}}));
}

TEST_F(CsvTest, EmptyTruthLineMeansNoTruth) {
  const Dataset d = read_csv(write_text("t.csv", "# truth:\nx\n1\n"));
  EXPECT_TRUE(d.truth.empty());
}

TEST_F(CsvTest, MissingFile) {
  try {
    read_csv(file("missing.csv"));
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
  EXPECT_TRUE(contains(error_reading(head + "1,,3\n"), {"data.csv:5: column 'x': empty field"}));
  EXPECT_TRUE(contains(error_reading(head + "1, ,3\n"), {"data.csv:5: column 'x': empty field"}));
  EXPECT_TRUE(contains(error_reading(head + "nan,2,3\n"), {"data.csv:5: column 't': not finite: \"nan\""}));
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
  EXPECT_TRUE(contains(error_reading("x,weight\n1,nan\n"), {"data.csv:2: column 'weight': not finite"}));
}

TEST_F(CsvTest, LineNumbersCountCrlfLines) {
  EXPECT_TRUE(contains(error_reading("x,y\r\n1,2\r\nfoo,2\r\n"), {"data.csv:3: column 'x': not a number: \"foo\""}));
}

TEST_F(CsvTest, WriteIntoAPathBelowAFileFailsAndLeavesNothing) {
  write_text("blocker", "I am a file");
  const auto target = file("blocker") / "out.csv";
  EXPECT_THROW(write_csv(awkward_dataset(), target), InputError);
  EXPECT_EQ(read_text(file("blocker")), "I am a file");
}

TEST_F(CsvTest, WriteOverADirectoryFailsAndLeavesNoTemporaryFile) {
  fs::create_directory(file("taken.csv"));
  EXPECT_THROW(write_csv(awkward_dataset(), file("taken.csv")), InputError);
  EXPECT_TRUE(fs::is_directory(file("taken.csv")));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(CsvTest, WriteRejectsWhatCouldNotBeReadBack) {
  write_text("keep.csv", "old");
  Dataset nan = awkward_dataset();
  nan.values(2, 1) = std::numeric_limits<double>::quiet_NaN();
  try {
    write_csv(nan, file("keep.csv"));
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {"keep.csv", "row 2, column 'x': not finite"}));
  }
  EXPECT_EQ(read_text(file("keep.csv")), "old");  // the old file is untouched

  Dataset comma = awkward_dataset();
  comma.columns[1] = "x,y";
  EXPECT_THROW(write_csv(comma, file("comma.csv")), InputError);
  Dataset hash = awkward_dataset();
  hash.columns[0] = "#theta";
  hash.truth = {};
  EXPECT_THROW(write_csv(hash, file("hash.csv")), InputError);
  Dataset empty = awkward_dataset();
  empty.values.resize(0, 3);
  empty.label.reset();
  empty.weight.reset();
  EXPECT_THROW(write_csv(empty, file("empty.csv")), InputError);
  EXPECT_FALSE(fs::exists(file("comma.csv")));
  EXPECT_FALSE(fs::exists(file("hash.csv")));
  EXPECT_FALSE(fs::exists(file("empty.csv")));
}

}  // namespace
}  // namespace topae::data
