#pragma once
// Event selections (--where): a small expression language over a table's columns.
//
//   label == 0 && mjj > 3300        comparisons: == != < <= > >=, each between two numbers
//   !(mjj < 3300 || mjj > 3700)     logic: && || ! (on comparisons only), parentheses
//   pt_1 + pt_2 > 2 * met           arithmetic: + - * / and unary minus, on numbers
//   `tau 21` < 0.5                  a name that is not an identifier, in backquotes
//
// Names are columns, and `label` and `weight` where the table has them. Numbers are decimal
// (1, -0.5, .5, 3.3e3). The whole expression must be a condition. Arithmetic follows IEEE
// doubles: every comparison with NaN but != is false. Parsing is strict: an unknown name, a misplaced
// or missing operand or operator, "=" for "==", "&" for "&&" are errors that give the
// character where the problem is.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::data {

class Expression {
 public:
  // Throws InputError: "--where 'TEXT': WHAT at character N" (N from 1), naming the columns
  // for an unknown name. `flag` names the option in the message.
  static Expression parse(std::string_view text, const std::vector<std::string>& names,
                          const std::string& flag = "--where");
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  const std::string& text() const { return text_; }
  // The names it reads, each once, in order of first use.
  const std::vector<std::string>& names() const { return names_; }
  // Whether each row passes; `values` has one column per name of names(), in that order.
  std::vector<bool> evaluate(const Table& values) const;

  struct Node;  // expression.cpp

 private:
  Expression() = default;
  std::string text_;
  std::vector<std::string> names_;
  std::vector<Node> nodes_;  // the syntax tree in post-order: the root is last
};

}  // namespace topae::data
