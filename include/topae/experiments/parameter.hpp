#pragma once
// A flag of an experiment: its name, its help, and how it reads and shows its value in the
// experiment's config. The CLI makes one option of each; the summary writes the command that
// reruns an experiment from the values that differ from the defaults.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace topae::experiments {

template <typename Config>
struct Parameter {
  std::string flag;                  // without dashes: "latent" is --latent
  std::string help;
  std::function<void(Config&, std::string_view)> set;  // throws InputError naming --flag
  std::function<std::string(const Config&)> show;      // parses back to the same value
  std::vector<std::string> aliases = {};               // other names of the flag, without dashes
  std::string type = "TEXT";                           // for --help: INT, FLOAT, LIST, ...
};

// The text of a value, and a value from text; `what` names the flag in errors. For the
// types configs hold: integers, doubles, strings and comma-separated lists of numbers or names.
std::string show_value(int v);
std::string show_value(std::int64_t v);
std::string show_value(std::uint64_t v);
std::string show_value(double v);
std::string show_value(const std::string& v);
std::string show_value(const std::vector<std::int64_t>& v);
std::string show_value(const std::vector<double>& v);
std::string show_value(const std::vector<std::string>& v);
void parse_value(std::string_view text, std::string_view what, int& v);
void parse_value(std::string_view text, std::string_view what, std::int64_t& v);
void parse_value(std::string_view text, std::string_view what, std::uint64_t& v);
void parse_value(std::string_view text, std::string_view what, double& v);
void parse_value(std::string_view text, std::string_view what, std::string& v);
void parse_value(std::string_view text, std::string_view what, std::vector<std::int64_t>& v);
void parse_value(std::string_view text, std::string_view what, std::vector<double>& v);
void parse_value(std::string_view text, std::string_view what, std::vector<std::string>& v);  // no empty name

// The name --help gives a value of type T.
template <typename T>
std::string type_name() {
  if constexpr (std::is_same_v<T, double>) return "FLOAT";
  else if constexpr (std::is_integral_v<T>) return "INT";
  else if constexpr (std::is_same_v<T, std::vector<double>>) return "FLOAT,...";
  else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) return "INT,...";
  else if constexpr (std::is_same_v<T, std::vector<std::string>>) return "NAME,...";
  else return "TEXT";
}

// A parameter bound to the member that `access` (Config& -> T&) reaches.
template <typename Config, typename Access>
Parameter<Config> parameter(std::string flag, std::string help, Access access, std::vector<std::string> aliases = {}) {
  const std::string what = "--" + flag;
  return {std::move(flag), std::move(help),
          [access, what](Config& c, std::string_view text) { parse_value(text, what, access(c)); },
          [access](const Config& c) { return show_value(access(const_cast<Config&>(c))); }, std::move(aliases),
          type_name<std::remove_reference_t<decltype(access(std::declval<Config&>()))>>()};
}

// A parameter whose value has its own text form: `parse(text)` and `show(value)`.
template <typename Config, typename Access, typename Parse, typename Show>
Parameter<Config> parameter(std::string flag, std::string help, Access access, Parse parse, Show show) {
  return {std::move(flag), std::move(help), [access, parse](Config& c, std::string_view text) { access(c) = parse(std::string(text)); },
          [access, show](const Config& c) { return show(access(const_cast<Config&>(c))); }};
}

}  // namespace topae::experiments
