#pragma once
// Numbers of a training state in JSON, written so that they read back bit for bit.
//
// A finite double is a JSON number: nlohmann-json writes the shortest decimal that parses
// back to the same double, and a float is written as the double it converts to exactly. The
// values JSON has no number for are written as null (NaN), "inf" and "-inf". Readers check
// the shape before they allocate and throw InputError starting with `where`.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "topae/core/matrix.hpp"

namespace topae::nn {

nlohmann::json exact_json(double value);
nlohmann::json exact_json(const VectorXf& values);

double exact_double(const nlohmann::json& j, const std::string& where);
// A list of exactly `n` numbers (or null, "inf", "-inf").
VectorXf exact_floats(const nlohmann::json& j, Index n, const std::string& where);
// j[key], or null when j is not an object or has no `key` (no copy).
const nlohmann::json& member(const nlohmann::json& j, const char* key);
// j[key], an integer in [low, high].
std::int64_t integer_in(const nlohmann::json& j, const char* key, std::int64_t low, std::int64_t high,
                        const std::string& where);

}  // namespace topae::nn
