#pragma once
// Mlp: a sequence of layers. Parameters live outside, in one flat buffer: layer i uses the
// slice starting at offset(i).
#include <array>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "topae/nn/activation.hpp"
#include "topae/nn/layer.hpp"

namespace topae::nn {

class Mlp {
 public:
  // dims = {in, h1, ..., out}: Dense layers between consecutive sizes, `hidden` after each
  // but the last, `output` after the last (none if identity).
  static Mlp build(const std::vector<Index>& dims, Activation hidden, Activation output = Activation::identity);
  // {in, hidden..., out}: the dims of build().
  static std::vector<Index> widths(Index in, const std::vector<Index>& hidden, Index out);
  // Reads the model-file form (a list of layers); appends the parameters to `params`.
  static Mlp from_json(const nlohmann::json& j, Index in_dim, std::vector<float>& params, const std::string& where);

  void add(std::unique_ptr<Layer> layer);

  Index in_dim() const { return in_dim_; }
  Index out_dim() const;
  Index n_params() const { return n_params_; }
  std::size_t size() const { return layers_.size(); }
  const Layer& layer(std::size_t i) const { return *layers_[i]; }

  // Seeds layer i of this Mlp from RandomStream(seed, stream_base + i).
  void initialize(float* params, std::uint64_t seed, std::uint64_t stream_base) const;

  // acts[i] = output of layer i (acts is resized to size()); x: in_dim x batch.
  void forward(const float* params, const MatrixXf& x, std::vector<MatrixXf>& acts) const;
  // Given dL/d(output) in dy: writes dL/dparams to grads (n_params() floats) and, when dx
  // is not null, dL/dx. `scratch` holds intermediate deltas.
  void backward(const float* params, const MatrixXf& x, const std::vector<MatrixXf>& acts, const MatrixXf& dy,
                float* grads, MatrixXf* dx, std::array<MatrixXf, 2>& scratch) const;

  nlohmann::ordered_json to_json(const float* params) const;

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Index> offsets_;
  Index in_dim_ = 0;
  Index n_params_ = 0;
};

}  // namespace topae::nn
