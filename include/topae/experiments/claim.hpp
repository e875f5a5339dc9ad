#pragma once
// A claim of the study, as an experiment declares it beside its code: what is predicted, the
// number measured, a threshold fixed before any run and why it sits there. The verdict is
// the threshold applied to the number; summary.json, the report, docs/science.md's table and
// the tests all read these declarations, so no threshold is written twice.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace topae::experiments {

struct Threshold {
  enum class Comparison { at_least, above, at_most, below };
  Comparison comparison = Comparison::at_least;
  double value = 0;

  // False for NaN: a number that could not be measured never passes.
  bool passes(double measured) const;
  std::string description() const;  // ">= 0.9"
};
Threshold at_least(double value);
Threshold above(double value);
Threshold at_most(double value);
Threshold below(double value);

// The verdict on one claim in one run.
struct Verdict {
  std::string experiment;
  std::string id;
  std::string statement;
  std::string quantity;
  std::string threshold;
  std::string why;
  std::optional<double> value;  // nullopt: this run does not measure it (one seed for a seed-to-seed claim)
  std::string measured;         // the value in words, with what backs it
  std::optional<bool> holds;    // nullopt with `value`

  nlohmann::json to_json() const;
};

template <typename Result>
struct Claim {
  std::string id;         // short and stable within its experiment: "k1-tears"
  std::string statement;  // what the study predicts
  std::string quantity;   // the number measured, in words
  Threshold threshold;
  std::string why;        // why the threshold is where it is
  std::function<std::optional<double>(const Result&)> measure;
  std::function<std::string(const Result&)> detail = {};  // the measurement in words (default: the value)

  Verdict judge(const std::string& experiment, const Result& result) const;
};

// The verdict's text of a measured value: 3 significant digits.
std::string measured_text(std::optional<double> value);

// What claims measure over seeds and runs; nullopt for no values (the run made none).
std::optional<double> smallest(const std::vector<double>& values);
std::optional<double> largest(const std::vector<double>& values);
std::optional<double> mean(const std::vector<double>& values);
std::optional<double> median(const std::vector<double>& values);  // the mean of the middle two if even

// "a-b" over the values with `digits` decimals, or "a" when they agree to those digits.
std::string value_span(const std::vector<double>& values, int digits = 3);

template <typename Result>
Verdict Claim<Result>::judge(const std::string& experiment, const Result& result) const {
  Verdict v{experiment, id, statement, quantity, threshold.description(), why, measure(result), {}, std::nullopt};
  if (v.value) v.holds = threshold.passes(*v.value);
  v.measured = detail && v.value ? detail(result) : measured_text(v.value);
  return v;
}

}  // namespace topae::experiments
