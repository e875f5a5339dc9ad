#include "topae/nn/layer.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/nn/layers/activation_layer.hpp"
#include "topae/nn/layers/dense.hpp"

namespace topae::nn {

namespace {

Index positive_size(const nlohmann::json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<long long>() <= 0)
    throw InputError(where + ": '" + key + "' must be a positive integer");
  return j[key].get<Index>();
}

float finite_number(const nlohmann::json& v, const std::string& where) {
  if (!v.is_number()) throw InputError(where + ": expected a number, found " + v.dump());
  const double d = v.get<double>();
  if (!std::isfinite(d) || std::abs(d) > 3.4e38) throw InputError(where + ": value is not a finite float: " + v.dump());
  return static_cast<float>(d);
}

ParsedLayer dense_from_json(const nlohmann::json& j, Index in_dim, const std::string& where) {
  const Index in = positive_size(j, "in", where);
  const Index out = positive_size(j, "out", where);
  if (in != in_dim)
    throw InputError(where + ": 'in' is " + std::to_string(in) + " but the layer before gives " + std::to_string(in_dim));
  const auto& weight = j.contains("weight") ? j["weight"] : nlohmann::json();
  const auto& bias = j.contains("bias") ? j["bias"] : nlohmann::json();
  if (!weight.is_array() || static_cast<Index>(weight.size()) != out)
    throw InputError(where + ": 'weight' must be a list of " + std::to_string(out) + " rows (out x in)");
  if (!bias.is_array() || static_cast<Index>(bias.size()) != out)
    throw InputError(where + ": 'bias' must be a list of " + std::to_string(out) + " numbers");

  // Every row must be there, with `in` numbers, before anything is allocated: the sizes come
  // from the file, and 'in' = 1e9 over one short row must not cost gigabytes first.
  for (Index r = 0; r < out; ++r) {
    const auto& row = weight[static_cast<std::size_t>(r)];
    if (!row.is_array() || static_cast<Index>(row.size()) != in)
      throw InputError(where + ": weight row " + std::to_string(r) + " must have " + std::to_string(in) + " numbers");
  }
  // Both sizes are now bounded by the numbers the file holds; the ceiling keeps one layer's
  // parameters addressable as int64 products and below a size no model of ours comes near.
  if (in > kMaxLayerParams / out)
    throw InputError(where + ": " + std::to_string(out) + " x " + std::to_string(in) + " weights, more than the " +
                     std::to_string(kMaxLayerParams) + " a layer may have");

  auto layer = std::make_unique<Dense>(in, out);
  std::vector<float> params(static_cast<std::size_t>(layer->n_params()));
  Eigen::Map<MatrixXf> W(params.data(), out, in);
  for (Index r = 0; r < out; ++r) {
    const auto& row = weight[static_cast<std::size_t>(r)];
    for (Index c = 0; c < in; ++c) W(r, c) = finite_number(row[static_cast<std::size_t>(c)], where + ": weight");
  }
  for (Index r = 0; r < out; ++r)
    params[static_cast<std::size_t>(out * in + r)] = finite_number(bias[static_cast<std::size_t>(r)], where + ": bias");
  return {std::move(layer), std::move(params)};
}

}  // namespace

ParsedLayer layer_from_json(const nlohmann::json& j, Index in_dim, const std::string& where) {
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
    throw InputError(where + ": a layer must be an object with a string 'type'");
  const auto type = j["type"].get<std::string>();
  if (type == "dense") return dense_from_json(j, in_dim, where);
  if (type == "activation") {
    if (!j.contains("name") || !j["name"].is_string()) throw InputError(where + ": activation needs a string 'name'");
    try {
      return {std::make_unique<ActivationLayer>(activation_from_name(j["name"].get<std::string>()), in_dim), {}};
    } catch (const InputError& e) {
      throw InputError(where + ": " + e.what());
    }
  }
  throw InputError(where + ": unknown layer type '" + type + "' (valid: dense, activation)");
}

}  // namespace topae::nn
