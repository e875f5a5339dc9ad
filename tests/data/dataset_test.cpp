#include "topae/data/dataset.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "support/table_support.hpp"
#include "topae/core/error.hpp"

namespace topae::data {
namespace {

using test::contains;

Dataset circle() {
  Dataset d;
  d.columns = {"theta", "x", "y"};
  d.truth = {"theta"};
  d.values = Table{{0.0, 1.0, 0.0}, {1.5, 0.07, 0.99}};
  d.label = Eigen::VectorXi{{0, 1}};
  d.weight = Eigen::VectorXd{{1.0, 2.0}};
  return d;
}

// The message of the InputError that `d.check` (or check_storable) throws, or "".
std::string check_error(const Dataset& d, bool storable = false) {
  try {
    storable ? d.check_storable("data.csv") : d.check("data.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(DatasetTest, LooksUpColumnsAndTruth) {
  const Dataset d = circle();
  EXPECT_EQ(d.n_events(), 2);
  EXPECT_EQ(d.column_index("x"), 1);
  EXPECT_EQ(d.column_index("z"), -1);
  EXPECT_TRUE(d.is_truth("theta"));
  EXPECT_FALSE(d.is_truth("x"));
  EXPECT_EQ(d.feature_columns(), (std::vector<std::string>{"x", "y"}));
}

TEST(DatasetTest, SelectReturnsColumnsInTheOrderAsked) {
  const Dataset d = circle();
  EXPECT_EQ(d.select({"y", "theta"}, "data.csv"), (Table{{0.0, 0.0}, {0.99, 1.5}}));
  try {
    d.select({"x", "z"}, "data.csv");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), {"data.csv", "no column 'z' (columns: theta, x, y)"}));
  }
}

TEST(DatasetTest, CheckAcceptsAConsistentDataset) {
  EXPECT_EQ(check_error(circle()), "");
  EXPECT_EQ(check_error(circle(), true), "");
  Dataset bare;
  bare.columns = {"x"};
  bare.values = Table{{1.0}};
  EXPECT_EQ(check_error(bare, true), "");
}

TEST(DatasetTest, CheckRejectsInconsistentShapes) {
  Dataset d = circle();
  d.columns.pop_back();
  EXPECT_TRUE(contains(check_error(d), {"data.csv", "2 column names for 3 columns"}));

  d = circle();
  d.columns[2] = "x";
  EXPECT_TRUE(contains(check_error(d), {"data.csv", "duplicate column name 'x'"}));

  d = circle();
  d.columns[2] = "";
  EXPECT_TRUE(contains(check_error(d), {"data.csv", "empty column name"}));

  for (const char* reserved : {"label", "weight"}) {
    d = circle();
    d.columns[2] = reserved;
    EXPECT_TRUE(contains(check_error(d), {"data.csv", std::string("column name '") + reserved + "' is reserved"}));
  }

  d = circle();
  d.truth = {"phi"};
  EXPECT_TRUE(contains(check_error(d), {"data.csv", "truth column 'phi' is not a column"}));

  d = circle();
  d.truth = {"theta", "theta"};
  EXPECT_TRUE(contains(check_error(d), {"data.csv", "truth column 'theta' listed twice"}));

  d = circle();
  d.label = Eigen::VectorXi{{1}};
  EXPECT_TRUE(contains(check_error(d), {"data.csv", "1 labels for 2 events"}));

  d = circle();
  d.weight = Eigen::VectorXd{{1, 2, 3}};
  EXPECT_TRUE(contains(check_error(d), {"data.csv", "3 weights for 2 events"}));
}

TEST(DatasetTest, CheckStorableRejectsEmptyOrNonFiniteData) {
  Dataset d = circle();
  d.values.resize(0, 3);
  d.label.reset();
  d.weight.reset();
  EXPECT_EQ(check_error(d), "");  // consistent, but nothing to store
  EXPECT_TRUE(contains(check_error(d, true), {"data.csv", "no events"}));

  d = Dataset();
  d.values.resize(3, 0);
  EXPECT_TRUE(contains(check_error(d, true), {"data.csv", "no columns"}));

  d = circle();
  d.values(1, 2) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(check_error(d), "");  // check() is about shapes only
  EXPECT_TRUE(contains(check_error(d, true), {"data.csv", "row 1, column 'y': not finite"}));

  d = circle();
  (*d.weight)(0) = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(contains(check_error(d, true), {"data.csv", "row 0, weight: not finite"}));
}

}  // namespace
}  // namespace topae::data
