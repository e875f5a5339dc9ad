#pragma once
// Layer: one step of an Mlp, mapping `in x batch` to `out x batch`.
//
// Layers hold no parameters themselves: the network keeps all of them in one flat buffer
// (so an optimizer sees one vector) and hands each layer a pointer to its slice.
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/core/rng.hpp"

namespace topae::nn {

class Layer {
 public:
  virtual ~Layer() = default;

  virtual std::string type() const = 0;
  virtual Index in_dim() const = 0;
  virtual Index out_dim() const = 0;
  virtual Index n_params() const { return 0; }

  // y = layer(x). x: in x batch, y: out x batch (resized).
  virtual void forward(const float* params, const MatrixXf& x, MatrixXf& y) const = 0;
  // Given x, y = layer(x) and dL/dy: writes dL/dparams into grads (n_params() floats, not
  // accumulated) and, when dx is not null, dL/dx.
  virtual void backward(const float* params, const MatrixXf& x, const MatrixXf& y, const MatrixXf& dy,
                        float* grads, MatrixXf* dx) const = 0;

  // Fills this layer's parameters from `rng`.
  virtual void initialize(float* /*params*/, RandomStream& /*rng*/) const {}

  // The model-file form (docs/model-format.md), including parameters.
  virtual nlohmann::ordered_json to_json(const float* params) const = 0;
};

// A layer read from its model-file form, with its parameters.
struct ParsedLayer {
  std::unique_ptr<Layer> layer;
  std::vector<float> params;
};

// The most parameters one layer read from a model file may have (a 16384 x 16384 dense
// layer; 1 GiB of floats).
inline constexpr Index kMaxLayerParams = Index{1} << 28;

// `in_dim` is the output size of the layer before (activations take their size from it).
// Throws InputError starting with `where` ("model.json: encoder layer 2") on a malformed
// layer: unknown type, wrong shapes, non-finite numbers, more than kMaxLayerParams weights.
// Sizes are checked against the numbers the file holds before anything is allocated.
ParsedLayer layer_from_json(const nlohmann::json& j, Index in_dim, const std::string& where);

}  // namespace topae::nn
