#include "topae/core/parse.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>

#include "topae/core/error.hpp"

namespace topae {

namespace {

template <typename T>
T parse_integer(std::string_view text, std::string_view what, const char* kind) {
  T value{};
  const char* end = text.data() + text.size();
  // from_chars accepts a leading '-' for signed types only; '+', spaces and hex never.
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw InputError(fmt::format("{}: '{}' is not {}", what, text, kind));
  }
  return value;
}

}  // namespace

std::vector<std::string_view> split_list(std::string_view text, char separator) {
  std::vector<std::string_view> items;
  if (text.empty()) return items;
  for (;;) {
    const auto at = text.find(separator);
    items.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return items;
    text.remove_prefix(at + 1);
  }
}

double parse_double(std::string_view text, std::string_view what) {
  std::string_view digits = text;
  // from_chars refuses a leading '+', which is still a number by anyone's reading.
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  const bool sign_twice = digits.size() < text.size() && !digits.empty() && (digits.front() == '-' || digits.front() == '+');
  if (digits.empty() || sign_twice || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw InputError(fmt::format("{}: '{}' is not a number", what, text));
  }
  return value;
}

std::int64_t parse_int(std::string_view text, std::string_view what) {
  return parse_integer<std::int64_t>(text, what, "an integer (decimal, -2^63..2^63-1)");
}

std::uint64_t parse_uint(std::string_view text, std::string_view what) {
  if (!text.empty() && text.front() == '-') throw InputError(fmt::format("{}: '{}' is negative", what, text));
  return parse_integer<std::uint64_t>(text, what, "an integer (decimal, 0..2^64-1)");
}

std::vector<double> parse_double_list(std::string_view text, std::string_view what) {
  std::vector<double> values;
  for (const auto item : split_list(text)) values.push_back(parse_double(item, what));
  return values;
}

std::vector<std::int64_t> parse_int_list(std::string_view text, std::string_view what) {
  std::vector<std::int64_t> values;
  for (const auto item : split_list(text)) values.push_back(parse_int(item, what));
  return values;
}

std::vector<std::pair<std::string, std::string>> parse_key_values(std::string_view text, std::string_view what) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::set<std::string, std::less<>> seen;
  for (const auto item : split_list(text)) {
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw InputError(fmt::format("{}: '{}' is not key=value", what, item));
    }
    std::string key(item.substr(0, eq));
    if (!seen.insert(key).second) throw InputError(fmt::format("{}: {} is given twice in '{}'", what, key, text));
    pairs.emplace_back(std::move(key), std::string(item.substr(eq + 1)));
  }
  return pairs;
}

}  // namespace topae
