#include "topae/experiments/parameter.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <limits>

#include "topae/core/error.hpp"
#include "topae/core/parse.hpp"

namespace topae::experiments {

namespace {

template <typename T>
std::string join(const std::vector<T>& v) {
  return fmt::format("{}", fmt::join(v, ","));
}

template <typename T>
void parse_list(std::string_view text, std::string_view what, std::vector<T>& v) {
  const auto parsed = parse_int_list(text, what);
  v.assign(parsed.begin(), parsed.end());
}

}  // namespace

std::string show_value(int v) { return std::to_string(v); }
std::string show_value(std::int64_t v) { return std::to_string(v); }
std::string show_value(std::uint64_t v) { return std::to_string(v); }
// The shortest text that reads back as the same double.
std::string show_value(double v) { return fmt::format("{}", v); }
std::string show_value(const std::string& v) { return v; }
std::string show_value(const std::vector<std::int64_t>& v) { return join(v); }
std::string show_value(const std::vector<double>& v) { return join(v); }
std::string show_value(const std::vector<std::string>& v) { return join(v); }

void parse_value(std::string_view text, std::string_view what, int& v) {
  const auto parsed = parse_int(text, what);
  if (parsed < std::numeric_limits<int>::min() || parsed > std::numeric_limits<int>::max()) {
    throw InputError(fmt::format("{}: {} is out of range", what, text));
  }
  v = static_cast<int>(parsed);
}
void parse_value(std::string_view text, std::string_view what, std::int64_t& v) { v = parse_int(text, what); }
void parse_value(std::string_view text, std::string_view what, std::uint64_t& v) { v = parse_uint(text, what); }
void parse_value(std::string_view text, std::string_view what, double& v) { v = parse_double(text, what); }
void parse_value(std::string_view text, std::string_view, std::string& v) { v = std::string(text); }
void parse_value(std::string_view text, std::string_view what, std::vector<std::int64_t>& v) { parse_list(text, what, v); }
void parse_value(std::string_view text, std::string_view what, std::vector<double>& v) { v = parse_double_list(text, what); }
void parse_value(std::string_view text, std::string_view what, std::vector<std::string>& v) {
  v.clear();
  for (const auto name : split_list(text)) {
    if (name.empty()) throw InputError(fmt::format("{}: an empty name in '{}'", what, text));
    v.emplace_back(name);
  }
}

}  // namespace topae::experiments
