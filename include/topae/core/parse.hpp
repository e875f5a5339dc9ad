#pragma once
// The one strict parser for numbers, number lists and key=value specs given on the command
// line, in a spec string or in a table. The whole text must be the value: "5x", "", "1e999"
// and (for integers) "-1" where unsigned, "1.5" and "0x10" are refused. `what` names the flag
// or key for the message, e.g. "--masses".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace topae {

// Why a text is not a finite double; `none` when it is one.
enum class NumberError { none, empty, not_a_number, out_of_range, not_finite };
// "empty field", "not a number", "out of range", "not finite" (nullptr for none).
const char* describe(NumberError error);

// The non-throwing, allocation-free reader behind parse_double, for hot loops (the CSV
// reader): from_chars' decimal or exponent form with an optional leading '+' (one sign
// only). Sets `value` on success; "nan" and "inf" are read but reported as not_finite.
NumberError read_double(std::string_view text, double& value) noexcept;
// A decimal integer in range ('-' for the signed one only; no '+', spaces or hex), or none.
std::optional<std::int64_t> to_int(std::string_view text) noexcept;
std::optional<std::uint64_t> to_uint(std::string_view text) noexcept;

// A finite double ("+1.5", "2e3"; not "nan", "inf", ""); InputError "WHAT: 'TEXT' is not a number".
double parse_double(std::string_view text, std::string_view what);
// A decimal integer in range; InputError "WHAT: 'TEXT' is not an integer ...".
std::int64_t parse_int(std::string_view text, std::string_view what);
std::uint64_t parse_uint(std::string_view text, std::string_view what);

// Comma-separated values ("1,2,3"); an empty text is an empty list; an empty item is refused.
std::vector<double> parse_double_list(std::string_view text, std::string_view what);
std::vector<std::int64_t> parse_int_list(std::string_view text, std::string_view what);

// "key=value,key=value" in order; a key given twice, an item without '=' or an empty key is
// refused. The values are left as text for the caller to parse.
std::vector<std::pair<std::string, std::string>> parse_key_values(std::string_view text, std::string_view what);

// The items between commas, untrimmed ("a,,b" -> "a", "", "b"); empty text -> none.
std::vector<std::string_view> split_list(std::string_view text, char separator = ',');

}  // namespace topae
