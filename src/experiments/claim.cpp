#include "topae/experiments/claim.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace topae::experiments {

bool Threshold::passes(double measured) const {
  switch (comparison) {
    case Comparison::at_least: return measured >= value;
    case Comparison::above: return measured > value;
    case Comparison::at_most: return measured <= value;
    case Comparison::below: return measured < value;
  }
  return false;
}

std::string Threshold::description() const {
  static constexpr const char* kSymbols[] = {">=", ">", "<=", "<"};
  return fmt::format("{} {}", kSymbols[static_cast<int>(comparison)], value);
}

Threshold at_least(double value) { return {Threshold::Comparison::at_least, value}; }
Threshold above(double value) { return {Threshold::Comparison::above, value}; }
Threshold at_most(double value) { return {Threshold::Comparison::at_most, value}; }
Threshold below(double value) { return {Threshold::Comparison::below, value}; }

std::string measured_text(std::optional<double> value) {
  return value ? fmt::format("{:.3g}", *value) : "not measured in this run";
}

std::optional<double> smallest(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return *std::min_element(values.begin(), values.end());
}

std::optional<double> largest(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return *std::max_element(values.begin(), values.end());
}

std::optional<double> mean(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

std::optional<double> median(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  std::vector<double> v = values;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2) return *mid;
  return (*mid + *std::max_element(v.begin(), mid)) / 2;
}

std::string value_span(const std::vector<double>& values, int digits) {
  if (values.empty()) return "none";
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const std::string a = fmt::format("{:.{}f}", *lo, digits), b = fmt::format("{:.{}f}", *hi, digits);
  return a == b ? a : a + "-" + b;
}

nlohmann::json Verdict::to_json() const {
  return {{"experiment", experiment},
          {"id", id},
          {"property", statement},
          {"quantity", quantity},
          {"threshold", threshold},
          {"why", why},
          {"value", value ? nlohmann::json(*value) : nlohmann::json(nullptr)},
          {"measured", measured},
          {"holds", holds ? nlohmann::json(*holds) : nlohmann::json(nullptr)}};
}

}  // namespace topae::experiments
