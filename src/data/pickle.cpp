#include "pickle.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <map>

#include "topae/core/error.hpp"

namespace topae::data::pickle {
namespace {

// Appends code point `c` as UTF-8.
void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view bytes) : in_(bytes) {}

  Value run() {
    while (true) {
      const char op = byte();
      switch (op) {
        case '.': return pop();
        case '(': marks_.push_back(stack_.size()); break;
        case 'N': stack_.push_back({}); break;
        case ']': stack_.push_back({.kind = Value::Kind::list}); break;
        case ')': stack_.push_back({.kind = Value::Kind::list}); break;
        case 'l':
        case 't': stack_.push_back(from_mark()); break;
        case 'a': {
          Value item = pop();
          top().items.push_back(std::move(item));
          break;
        }
        case 'e': {
          Value items = from_mark();
          for (auto& item : items.items) top().items.push_back(std::move(item));
          break;
        }
        case '\x85': tuple_of(1); break;  // TUPLE1..3
        case '\x86': tuple_of(2); break;
        case '\x87': tuple_of(3); break;
        case 'I':
        case 'L': stack_.push_back(integer(line(), op)); break;
        case 'K': stack_.push_back({.kind = Value::Kind::integer, .integer = little_endian(1)}); break;
        case 'M': stack_.push_back({.kind = Value::Kind::integer, .integer = little_endian(2)}); break;
        case 'J':
          stack_.push_back({.kind = Value::Kind::integer, .integer = static_cast<std::int32_t>(little_endian(4))});
          break;
        case 'V': stack_.push_back(text(unescape(line()))); break;
        case 'S': stack_.push_back(text(quoted(line()))); break;
        case 'X': stack_.push_back(text(std::string(take(static_cast<std::size_t>(little_endian(4)))))); break;
        case '\x8c':
        case 'U': stack_.push_back(text(std::string(take(static_cast<std::size_t>(little_endian(1)))))); break;
        case 'C': stack_.push_back(text(std::string(take(static_cast<std::size_t>(little_endian(1)))))); break;
        case 'p': memo_[std::string(line())] = peek(); break;
        case 'g': stack_.push_back(memo_at(std::string(line()))); break;
        case 'q': memo_[std::to_string(little_endian(1))] = peek(); break;
        case 'h': stack_.push_back(memo_at(std::to_string(little_endian(1)))); break;
        case '\x94': memo_[std::to_string(memo_.size())] = peek(); break;  // MEMOIZE
        case '\x80': take(1); break;                                       // PROTO
        case '\x95': take(8); break;                                       // FRAME
        default:
          throw InputError(fmt::format("unsupported pickle opcode 0x{:02x} at byte {}", static_cast<unsigned char>(op),
                                       at_ - 1));
      }
    }
  }

 private:
  char byte() {
    if (at_ >= in_.size()) throw InputError("pickle ends without its STOP opcode");
    return in_[at_++];
  }
  std::string_view take(std::size_t n) {
    if (in_.size() - at_ < n) throw InputError("pickle ends inside a value");
    const auto s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::string_view line() {
    const auto eol = in_.find('\n', at_);
    if (eol == std::string_view::npos) throw InputError("pickle ends inside a line");
    const auto s = in_.substr(at_, eol - at_);
    at_ = eol + 1;
    return s;
  }
  long long little_endian(int bytes) {
    const auto s = take(static_cast<std::size_t>(bytes));
    unsigned long long v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
    return static_cast<long long>(v);
  }
  static Value text(std::string s) { return {.kind = Value::Kind::text, .text = std::move(s)}; }
  static Value integer(std::string_view s, char op) {
    if (op == 'L' && !s.empty() && s.back() == 'L') s.remove_suffix(1);
    long long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) throw InputError(fmt::format("bad pickled integer '{}'", s));
    return {.kind = Value::Kind::integer, .integer = v};
  }
  // raw-unicode-escape: \uXXXX and \UXXXXXXXX are code points, every other byte stands for itself.
  static std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::size_t digits = s[i] == '\\' && i + 1 < s.size() ? (s[i + 1] == 'u' ? 4 : s[i + 1] == 'U' ? 8 : 0) : 0;
      std::uint32_t code = 0;
      if (digits != 0 && i + 2 + digits <= s.size() &&
          std::from_chars(s.data() + i + 2, s.data() + i + 2 + digits, code, 16).ptr == s.data() + i + 2 + digits) {
        append_utf8(out, code);
        i += 1 + digits;
      } else {
        out += s[i];
      }
    }
    return out;
  }
  // Protocol 0's STRING: a Python repr, 'text' or "text"; escapes other than \\ and \' are kept as written.
  static std::string quoted(std::string_view s) {
    if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front())
      throw InputError(fmt::format("bad pickled string {}", s));
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size() && (s[i + 1] == '\\' || s[i + 1] == '\'' || s[i + 1] == '"')) ++i;
      out += s[i];
    }
    return out;
  }
  Value pop() {
    if (stack_.empty()) throw InputError("pickle pops an empty stack");
    Value v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  const Value& peek() const {
    if (stack_.empty()) throw InputError("pickle memoizes an empty stack");
    return stack_.back();
  }
  Value& top() {
    if (stack_.empty() || stack_.back().kind != Value::Kind::list) throw InputError("pickle appends to a non-list");
    return stack_.back();
  }
  Value from_mark() {
    if (marks_.empty()) throw InputError("pickle has no mark to collect from");
    const std::size_t mark = marks_.back();
    marks_.pop_back();
    Value list{.kind = Value::Kind::list};
    for (std::size_t i = mark; i < stack_.size(); ++i) list.items.push_back(std::move(stack_[i]));
    stack_.resize(mark);
    return list;
  }
  void tuple_of(std::size_t n) {
    if (stack_.size() < n) throw InputError("pickle builds a tuple of missing items");
    Value list{.kind = Value::Kind::list};
    for (std::size_t i = stack_.size() - n; i < stack_.size(); ++i) list.items.push_back(std::move(stack_[i]));
    stack_.resize(stack_.size() - n);
    stack_.push_back(std::move(list));
  }
  const Value& memo_at(const std::string& key) const {
    const auto it = memo_.find(key);
    if (it == memo_.end()) throw InputError(fmt::format("pickle refers to memo {} before storing it", key));
    return it->second;
  }

  std::string_view in_;
  std::size_t at_ = 0;
  std::vector<Value> stack_;
  std::vector<std::size_t> marks_;
  std::map<std::string, Value> memo_;
};

}  // namespace

std::string Value::name() const { return kind == Kind::integer ? std::to_string(integer) : text; }

Value parse(std::string_view bytes) { return Parser(bytes).run(); }

}  // namespace topae::data::pickle
