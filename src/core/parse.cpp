#include "topae/core/parse.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <set>

#include "topae/core/error.hpp"

namespace topae {

namespace {

template <typename T>
std::optional<T> to_integer(std::string_view text) noexcept {
  T value{};
  const char* end = text.data() + text.size();
  // from_chars accepts a leading '-' for signed types only; '+', spaces and hex never.
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
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

const char* describe(NumberError error) {
  switch (error) {
    case NumberError::none: return nullptr;
    case NumberError::empty: return "empty field";
    case NumberError::not_a_number: return "not a number";
    case NumberError::out_of_range: return "out of range";
    case NumberError::not_finite: return "not finite";
  }
  return "not a number";
}

NumberError read_double(std::string_view text, double& value) noexcept {
  if (text.empty()) return NumberError::empty;
  const char* first = text.data();
  const char* last = first + text.size();
  // from_chars refuses a leading '+', which is still a number by anyone's reading.
  if (*first == '+' && text.size() > 1 && first[1] != '-' && first[1] != '+') ++first;
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) return NumberError::out_of_range;
  if (ec != std::errc() || end != last) return NumberError::not_a_number;
  if (!std::isfinite(value)) return NumberError::not_finite;
  return NumberError::none;
}

std::optional<std::int64_t> to_int(std::string_view text) noexcept { return to_integer<std::int64_t>(text); }
std::optional<std::uint64_t> to_uint(std::string_view text) noexcept { return to_integer<std::uint64_t>(text); }

double parse_double(std::string_view text, std::string_view what) {
  double value = 0;
  if (read_double(text, value) != NumberError::none) {
    throw InputError(fmt::format("{}: '{}' is not a number", what, text));
  }
  return value;
}

std::int64_t parse_int(std::string_view text, std::string_view what) {
  const auto value = to_int(text);
  if (!value) throw InputError(fmt::format("{}: '{}' is not an integer (decimal, -2^63..2^63-1)", what, text));
  return *value;
}

std::uint64_t parse_uint(std::string_view text, std::string_view what) {
  if (!text.empty() && text.front() == '-') throw InputError(fmt::format("{}: '{}' is negative", what, text));
  const auto value = to_uint(text);
  if (!value) throw InputError(fmt::format("{}: '{}' is not an integer (decimal, 0..2^64-1)", what, text));
  return *value;
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
