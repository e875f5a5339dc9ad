#include "topae/data/expression.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "support/table_support.hpp"
#include "topae/core/error.hpp"

namespace topae::data {
namespace {

using test::contains;

const std::vector<std::string> kColumns = {"mjj", "tau21", "label", "tau 3"};

std::string error_parsing(const std::string& text) {
  try {
    Expression::parse(text, kColumns);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for " << text;
  return "";
}

// Evaluates `text` on rows of (mjj, tau21, label), against the same condition written in C++.
std::vector<bool> on_rows(const std::string& text, const Table& rows) {
  const Expression e = Expression::parse(text, kColumns);
  Table values(rows.rows(), static_cast<Index>(e.names().size()));
  for (std::size_t k = 0; k < e.names().size(); ++k) {
    const auto at = std::find(kColumns.begin(), kColumns.end(), e.names()[k]) - kColumns.begin();
    values.col(static_cast<Index>(k)) = rows.col(at);
  }
  return e.evaluate(values);
}

Table sample_rows() {
  Table rows(6, 4);
  rows << 3000, 0.2, 0, 1,  //
      3400, 0.7, 0, 2,      //
      3500, 0.4, 1, 3,      //
      3800, 0.1, 1, 4,      //
      -1, 0.5, 0, 5,        //
      std::numeric_limits<double>::quiet_NaN(), 0.3, 0, 6;
  return rows;
}

TEST(DataExpression, EvaluatesLikeTheSameConditionInCpp) {
  const Table rows = sample_rows();
  const std::vector<std::pair<std::string, std::function<bool(double, double, double, double)>>> cases = {
      {"label == 0 && mjj > 3300", [](double m, double, double l, double) { return l == 0 && m > 3300; }},
      {"!(mjj < 3300 || mjj > 3700)", [](double m, double, double, double) { return !(m < 3300 || m > 3700); }},
      {"mjj / 1000 - 2 * tau21 >= 2.6", [](double m, double t, double, double) { return m / 1000 - 2 * t >= 2.6; }},
      {"-mjj > 0", [](double m, double, double, double) { return -m > 0; }},
      {"`tau 3` != 2 && label != 1", [](double, double, double l, double t3) { return t3 != 2 && l != 1; }},
      {"1 + 2 * 3 == 7", [](double, double, double, double) { return true; }},  // * binds tighter than +
      {"(1 + 2) * 3 == 9", [](double, double, double, double) { return true; }},
      {"2 - 1 - 1 == 0", [](double, double, double, double) { return true; }},   // left to right
      {"tau21 <= .4 || !!(label == 1)", [](double, double t, double l, double) { return t <= .4 || l == 1; }},
      {"mjj >= 3.5e3", [](double m, double, double, double) { return m >= 3.5e3; }},
  };
  for (const auto& [text, expected] : cases) {
    const auto pass = on_rows(text, rows);
    for (Index i = 0; i < rows.rows(); ++i)
      EXPECT_EQ(pass[static_cast<std::size_t>(i)], expected(rows(i, 0), rows(i, 1), rows(i, 2), rows(i, 3)))
          << text << ", row " << i;
  }
}

TEST(DataExpression, NamesAreListedOnceInOrderOfUse) {
  const Expression e = Expression::parse("tau21 < 0.5 && mjj > 3000 && tau21 > 0.1", kColumns);
  EXPECT_EQ(e.names(), (std::vector<std::string>{"tau21", "mjj"}));
  EXPECT_EQ(e.text(), "tau21 < 0.5 && mjj > 3000 && tau21 > 0.1");
}

TEST(DataExpression, ErrorsPointAtTheCharacter) {
  EXPECT_TRUE(contains(error_parsing("mj > 3"), {"--where 'mj > 3'", "unknown column 'mj' at character 1",
                                                  "columns: mjj, tau21, label, tau 3"}));
  EXPECT_TRUE(contains(error_parsing("mjj = 3"), {"'=' is not an operator (equality is '==') at character 5"}));
  EXPECT_TRUE(contains(error_parsing("mjj > 3 & label == 0"), {"'&' is not an operator", "at character 9"}));
  EXPECT_TRUE(contains(error_parsing("mjj > 3 | label"), {"'|' is not an operator", "at character 9"}));
  EXPECT_TRUE(contains(error_parsing("mjj"), {"a number, not a condition", "at character 1"}));
  EXPECT_TRUE(contains(error_parsing("mjj + (label > 1)"), {"'+' needs a number, not a condition at character 7"}));
  EXPECT_TRUE(contains(error_parsing("mjj > 3 &&"), {"found the end at character 11"}));
  EXPECT_TRUE(contains(error_parsing("(mjj > 3"), {"expected ')' for the '(' at character 1", "at character 9"}));
  EXPECT_TRUE(contains(error_parsing("mjj > 3)"), {"')' without its '(' at character 8"}));
  EXPECT_TRUE(contains(error_parsing("1 < mjj < 3"), {"comparisons do not chain", "at character 9"}));
  EXPECT_TRUE(contains(error_parsing("mjj > 3e"), {"malformed number '3e' at character 7"}));
  EXPECT_TRUE(contains(error_parsing("mjj > 1.2.3"), {"malformed number"}));
  EXPECT_TRUE(contains(error_parsing("mjj > 3 label"), {"expected an operator, found 'label' at character 9"}));
  EXPECT_TRUE(contains(error_parsing("`tau 3 > 1"), {"'`' without its closing '`' at character 1"}));
  EXPECT_TRUE(contains(error_parsing("mjj $ 3"), {"unexpected character '$' at character 5"}));
  EXPECT_TRUE(contains(error_parsing(""), {"empty expression"}));
  EXPECT_TRUE(contains(error_parsing("!mjj"), {"'!' needs a condition, not a number at character 2"}));
}

}  // namespace
}  // namespace topae::data
