#include "topae/nn/mlp.hpp"

#include <nlohmann/json.hpp>

#include "topae/core/error.hpp"
#include "topae/nn/layers/activation_layer.hpp"
#include "topae/nn/layers/dense.hpp"

namespace topae::nn {

std::vector<Index> Mlp::widths(Index in, const std::vector<Index>& hidden, Index out) {
  std::vector<Index> dims{in};
  dims.insert(dims.end(), hidden.begin(), hidden.end());
  dims.push_back(out);
  return dims;
}

Mlp Mlp::build(const std::vector<Index>& dims, Activation hidden, Activation output) {
  Mlp mlp;
  for (std::size_t i = 0; i + 1 < dims.size(); ++i) {
    const bool last = i + 2 == dims.size();
    const Activation a = last ? output : hidden;
    mlp.add(std::make_unique<Dense>(dims[i], dims[i + 1], init_for(a)));
    if (a != Activation::identity) mlp.add(std::make_unique<ActivationLayer>(a, dims[i + 1]));
  }
  return mlp;
}

Mlp Mlp::from_json(const nlohmann::json& j, Index in_dim, std::vector<float>& params, const std::string& where) {
  if (!j.is_array() || j.empty()) throw InputError(where + ": must be a non-empty list of layers");
  Mlp mlp;
  mlp.in_dim_ = in_dim;
  Index dim = in_dim;
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto parsed = layer_from_json(j[i], dim, where + " layer " + std::to_string(i + 1));
    dim = parsed.layer->out_dim();
    params.insert(params.end(), parsed.params.begin(), parsed.params.end());
    mlp.add(std::move(parsed.layer));
  }
  return mlp;
}

void Mlp::add(std::unique_ptr<Layer> layer) {
  if (layers_.empty()) in_dim_ = layer->in_dim();
  offsets_.push_back(n_params_);
  n_params_ += layer->n_params();
  layers_.push_back(std::move(layer));
}

Index Mlp::out_dim() const { return layers_.empty() ? in_dim_ : layers_.back()->out_dim(); }

void Mlp::initialize(float* params, std::uint64_t seed, std::uint64_t stream_base) const {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    RandomStream rng(seed, stream_base + i);
    layers_[i]->initialize(params + offsets_[i], rng);
  }
}

void Mlp::forward(const float* params, const MatrixXf& x, std::vector<MatrixXf>& acts) const {
  acts.resize(layers_.size());
  const MatrixXf* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(params + offsets_[i], *in, acts[i]);
    in = &acts[i];
  }
}

void Mlp::backward(const float* params, const MatrixXf& x, const std::vector<MatrixXf>& acts, const MatrixXf& dy,
                   float* grads, MatrixXf* dx, std::array<MatrixXf, 2>& scratch) const {
  const MatrixXf* delta = &dy;  // dL/d(output of layer i)
  for (std::size_t k = layers_.size(); k-- > 0;) {
    const MatrixXf& input = k == 0 ? x : acts[k - 1];
    MatrixXf* d_input = k == 0 ? dx : &scratch[k % 2];
    layers_[k]->backward(params + offsets_[k], input, acts[k], *delta, grads + offsets_[k], d_input);
    delta = d_input;
  }
}

nlohmann::ordered_json Mlp::to_json(const float* params) const {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < layers_.size(); ++i) j.push_back(layers_[i]->to_json(params + offsets_[i]));
  return j;
}

}  // namespace topae::nn
