#include "topae/nn/exact_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"

namespace topae::nn {

nlohmann::json exact_json(double value) {
  if (std::isnan(value)) return nullptr;
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return value;
}

nlohmann::json exact_json(const VectorXf& values) {
  nlohmann::json out = nlohmann::json::array();
  out.get_ref<nlohmann::json::array_t&>().reserve(static_cast<std::size_t>(values.size()));
  for (const float v : values) out.push_back(exact_json(static_cast<double>(v)));
  return out;
}

double exact_double(const nlohmann::json& j, const std::string& where) {
  if (j.is_number()) return j.get<double>();
  if (j.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (j == "inf") return std::numeric_limits<double>::infinity();
  if (j == "-inf") return -std::numeric_limits<double>::infinity();
  throw InputError(where + ": expected a number (or null, \"inf\", \"-inf\"), found " + j.dump());
}

VectorXf exact_floats(const nlohmann::json& j, Index n, const std::string& where) {
  if (!j.is_array()) throw InputError(fmt::format("{}: expected a list of {} numbers", where, n));
  if (static_cast<Index>(j.size()) != n)
    throw InputError(fmt::format("{}: {} numbers, expected {}", where, j.size(), n));
  VectorXf out(n);
  for (Index i = 0; i < n; ++i) {
    const double d = exact_double(j[static_cast<std::size_t>(i)], where);
    // A float written as a double converts back exactly; a larger number is no float.
    if (std::isfinite(d) && std::abs(d) > static_cast<double>(std::numeric_limits<float>::max()))
      throw InputError(fmt::format("{}: value {} is out of float range", where, d));
    out[i] = static_cast<float>(d);
  }
  return out;
}

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
  static const nlohmann::json null;
  if (!j.is_object()) return null;
  const auto it = j.find(key);
  return it == j.end() ? null : *it;
}

std::int64_t integer_in(const nlohmann::json& j, const char* key, std::int64_t low, std::int64_t high,
                        const std::string& where) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer())
    throw InputError(fmt::format("{}: '{}' must be an integer", where, key));
  // Unsigned values above int64's range are out of every range asked for here.
  const auto& v = j[key];
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(high))
    throw InputError(fmt::format("{}: '{}' is {}, not in [{}, {}]", where, key, v.dump(), low, high));
  const auto value = v.get<std::int64_t>();
  if (value < low || value > high)
    throw InputError(fmt::format("{}: '{}' is {}, not in [{}, {}]", where, key, value, low, high));
  return value;
}

}  // namespace topae::nn
