#include "topae/data/expression.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "topae/core/error.hpp"
#include "topae/core/parse.hpp"

namespace topae::data {

struct Expression::Node {
  enum class Op { number, name, negate, add, subtract, multiply, divide, less, less_equal, greater, greater_equal,
                  equal, not_equal, logical_and, logical_or, logical_not };
  Op op = Op::number;
  double number = 0;  // Op::number
  int name = 0;       // Op::name: index into names_
};

namespace {

using Op = Expression::Node::Op;

enum class Type { number, condition };

struct Token {
  enum class Kind { number, name, op, open, close, end };
  Kind kind = Kind::end;
  std::string text;  // the operator, or the name
  double number = 0;
  std::size_t at = 0;  // 0-based offset in the text
};

class Parser {
 public:
  Parser(std::string_view text, const std::vector<std::string>& known, const std::string& flag,
         std::vector<std::string>& names, std::vector<Expression::Node>& nodes)
      : text_(text), known_(known), flag_(flag), names_(names), nodes_(nodes) {
    next();
  }

  void run() {
    if (token_.kind == Token::Kind::end) fail("empty expression", 0);
    const std::size_t start = token_.at;
    if (disjunction() != Type::condition)
      fail("this is a number, not a condition (compare it: == != < <= > >=)", start);
    if (token_.kind != Token::Kind::end) {
      fail(token_.kind == Token::Kind::close ? "')' without its '('"
                                             : fmt::format("expected an operator, found '{}'", token_text()),
           token_.at);
    }
  }

 private:
  // "--where 'TEXT': WHAT at character N DETAIL"
  [[noreturn]] void fail(const std::string& what, std::size_t at, const std::string& detail = "") const {
    throw InputError(fmt::format("{} '{}': {} at character {}{}", flag_, text_, what, at + 1, detail));
  }

  std::string token_text() const {
    return token_.kind == Token::Kind::end ? "the end" : std::string(text_.substr(token_.at, length_));
  }

  // Reads the next token into token_.
  void next() {
    std::size_t i = position_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    token_ = Token{};
    token_.at = i;
    length_ = 0;
    if (i >= text_.size()) {
      position_ = i;
      return;
    }
    const char c = text_[i];
    const auto is_start = [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) || ch == '_'; };
    const auto is_part = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.'; };
    if (is_start(c)) {
      std::size_t j = i + 1;
      while (j < text_.size() && is_part(text_[j])) ++j;
      token_.kind = Token::Kind::name;
      token_.text = std::string(text_.substr(i, j - i));
      length_ = j - i;
    } else if (c == '`') {
      const auto close = text_.find('`', i + 1);
      if (close == std::string_view::npos) fail("'`' without its closing '`'", i);
      token_.kind = Token::Kind::name;
      token_.text = std::string(text_.substr(i + 1, close - i - 1));
      if (token_.text.empty()) fail("empty name in backquotes", i);
      length_ = close + 1 - i;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      std::size_t j = i;
      while (j < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[j])) || text_[j] == '.')) ++j;
      if (j < text_.size() && (text_[j] == 'e' || text_[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
        if (k < text_.size() && std::isdigit(static_cast<unsigned char>(text_[k]))) {
          j = k;
          while (j < text_.size() && std::isdigit(static_cast<unsigned char>(text_[j]))) ++j;
        }
      }
      if (j < text_.size() && is_part(text_[j])) fail(fmt::format("malformed number '{}'", text_.substr(i, j + 1 - i)), i);
      if (read_double(text_.substr(i, j - i), token_.number) != NumberError::none)
        fail(fmt::format("malformed number '{}'", text_.substr(i, j - i)), i);
      token_.kind = Token::Kind::number;
      length_ = j - i;
    } else if (c == '(' || c == ')') {
      token_.kind = c == '(' ? Token::Kind::open : Token::Kind::close;
      length_ = 1;
    } else {
      static constexpr std::string_view two[] = {"<=", ">=", "==", "!=", "&&", "||"};
      const auto pair = text_.substr(i, 2);
      if (std::find(std::begin(two), std::end(two), pair) != std::end(two)) {
        length_ = 2;
      } else if (std::string_view("+-*/<>!").find(c) != std::string_view::npos) {
        length_ = 1;
      } else if (c == '=') {
        fail("'=' is not an operator (equality is '==')", i);
      } else if (c == '&' || c == '|') {
        fail(fmt::format("'{0}' is not an operator (logical {1} is '{0}{0}')", c, c == '&' ? "and" : "or"), i);
      } else {
        fail(fmt::format("unexpected character '{}'", c), i);
      }
      token_.kind = Token::Kind::op;
      token_.text = std::string(text_.substr(i, length_));
    }
    position_ = i + length_;
  }

  bool at_op(std::string_view op) const { return token_.kind == Token::Kind::op && token_.text == op; }

  void expect(Type found, Type wanted, std::size_t at, const char* role) const {
    if (found == wanted) return;
    fail(wanted == Type::condition
             ? fmt::format("{} needs a condition, not a number", role)
             : fmt::format("{} needs a number, not a condition", role),
         at);
  }

  void emit(Op op) { nodes_.push_back({.op = op}); }

  Type disjunction() {
    std::size_t at = token_.at;
    Type left = conjunction();
    while (at_op("||")) {
      expect(left, Type::condition, at, "'||'");
      next();
      at = token_.at;
      expect(conjunction(), Type::condition, at, "'||'");
      emit(Op::logical_or);
      left = Type::condition;
    }
    return left;
  }

  Type conjunction() {
    std::size_t at = token_.at;
    Type left = negation();
    while (at_op("&&")) {
      expect(left, Type::condition, at, "'&&'");
      next();
      at = token_.at;
      expect(negation(), Type::condition, at, "'&&'");
      emit(Op::logical_and);
      left = Type::condition;
    }
    return left;
  }

  Type negation() {
    if (at_op("!")) {
      next();
      const std::size_t at = token_.at;
      expect(negation(), Type::condition, at, "'!'");
      emit(Op::logical_not);
      return Type::condition;
    }
    return comparison();
  }

  Type comparison() {
    const std::size_t at = token_.at;
    const Type left = sum();
    static const std::pair<std::string_view, Op> ops[] = {{"<", Op::less},        {"<=", Op::less_equal},
                                                          {">", Op::greater},     {">=", Op::greater_equal},
                                                          {"==", Op::equal},      {"!=", Op::not_equal}};
    for (const auto& [text, op] : ops) {
      if (!at_op(text)) continue;
      const std::string name(text);
      expect(left, Type::number, at, ("'" + name + "'").c_str());
      next();
      const std::size_t right_at = token_.at;
      expect(sum(), Type::number, right_at, ("'" + name + "'").c_str());
      emit(op);
      for (const auto& [again, unused] : ops)
        if (at_op(again)) fail("comparisons do not chain (write a < b && b < c)", token_.at);
      return Type::condition;
    }
    return left;
  }

  Type sum() {
    std::size_t at = token_.at;
    Type left = product();
    while (at_op("+") || at_op("-")) {
      const Op op = at_op("+") ? Op::add : Op::subtract;
      const std::string name = token_.text;
      expect(left, Type::number, at, ("'" + name + "'").c_str());
      next();
      at = token_.at;
      expect(product(), Type::number, at, ("'" + name + "'").c_str());
      emit(op);
    }
    return left;
  }

  Type product() {
    std::size_t at = token_.at;
    Type left = unary();
    while (at_op("*") || at_op("/")) {
      const Op op = at_op("*") ? Op::multiply : Op::divide;
      const std::string name = token_.text;
      expect(left, Type::number, at, ("'" + name + "'").c_str());
      next();
      at = token_.at;
      expect(unary(), Type::number, at, ("'" + name + "'").c_str());
      emit(op);
    }
    return left;
  }

  Type unary() {
    if (at_op("-")) {
      next();
      const std::size_t at = token_.at;
      expect(unary(), Type::number, at, "unary '-'");
      emit(Op::negate);
      return Type::number;
    }
    return primary();
  }

  Type primary() {
    const Token t = token_;
    switch (t.kind) {
      case Token::Kind::number:
        nodes_.push_back({.op = Op::number, .number = t.number});
        next();
        return Type::number;
      case Token::Kind::name: {
        if (std::find(known_.begin(), known_.end(), t.text) == known_.end()) {
          fail(fmt::format("unknown column '{}'", t.text), t.at, fmt::format(" (columns: {})", fmt::join(known_, ", ")));
        }
        auto it = std::find(names_.begin(), names_.end(), t.text);
        if (it == names_.end()) it = names_.insert(names_.end(), t.text);
        nodes_.push_back({.op = Op::name, .name = static_cast<int>(it - names_.begin())});
        next();
        return Type::number;
      }
      case Token::Kind::open: {
        next();
        const Type inner = disjunction();
        if (token_.kind != Token::Kind::close)
          fail(fmt::format("expected ')' for the '(' at character {}, found {}", t.at + 1,
                           token_.kind == Token::Kind::end ? std::string("the end") : fmt::format("'{}'", token_text())),
               token_.at);
        next();
        return inner;
      }
      case Token::Kind::end: fail("expected a number, a column or '(', found the end", t.at);
      default: fail(fmt::format("expected a number, a column or '(', found '{}'", token_text()), t.at);
    }
  }

  std::string_view text_;
  const std::vector<std::string>& known_;
  const std::string& flag_;
  std::vector<std::string>& names_;
  std::vector<Expression::Node>& nodes_;
  Token token_;
  std::size_t position_ = 0, length_ = 0;
};

}  // namespace

Expression Expression::parse(std::string_view text, const std::vector<std::string>& names, const std::string& flag) {
  Expression e;
  e.text_ = std::string(text);
  Parser(text, names, flag, e.names_, e.nodes_).run();
  return e;
}

Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

std::vector<bool> Expression::evaluate(const Table& values) const {
  // A stack machine over whole columns: each node pops its operands and pushes its result.
  std::vector<Eigen::ArrayXd> stack;
  const Index n = values.rows();
  for (const Node& node : nodes_) {
    if (node.op == Op::number) {
      stack.push_back(Eigen::ArrayXd::Constant(n, node.number));
      continue;
    }
    if (node.op == Op::name) {
      stack.push_back(values.col(node.name).array());
      continue;
    }
    if (node.op == Op::negate || node.op == Op::logical_not) {
      auto& a = stack.back();
      a = node.op == Op::negate ? Eigen::ArrayXd(-a) : Eigen::ArrayXd((a == 0.0).cast<double>());
      continue;
    }
    Eigen::ArrayXd b = std::move(stack.back());
    stack.pop_back();
    Eigen::ArrayXd& a = stack.back();
    switch (node.op) {
      case Op::add: a += b; break;
      case Op::subtract: a -= b; break;
      case Op::multiply: a *= b; break;
      case Op::divide: a /= b; break;
      case Op::less: a = (a < b).cast<double>(); break;
      case Op::less_equal: a = (a <= b).cast<double>(); break;
      case Op::greater: a = (a > b).cast<double>(); break;
      case Op::greater_equal: a = (a >= b).cast<double>(); break;
      case Op::equal: a = (a == b).cast<double>(); break;
      case Op::not_equal: a = (a != b).cast<double>(); break;
      case Op::logical_and: a = ((a != 0.0) && (b != 0.0)).cast<double>(); break;
      case Op::logical_or: a = ((a != 0.0) || (b != 0.0)).cast<double>(); break;
      default: break;
    }
  }
  std::vector<bool> pass(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) pass[static_cast<std::size_t>(i)] = stack.back()(i) != 0.0;
  return pass;
}

}  // namespace topae::data
