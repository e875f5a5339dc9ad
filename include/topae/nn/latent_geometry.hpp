#pragma once
// LatentGeometry: the map from the encoder's output to the latent code the decoder sees.
//
// euclidean: the identity, the latent space is R^k. Geometries with the data's topology
// (a sphere or torus latent: normalise the encoder's output) plug in here, without any
// change to the trainer: they only need a forward map and its backward pass.
#include <memory>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::nn {

class LatentGeometry {
 public:
  virtual ~LatentGeometry() = default;
  virtual std::string name() const = 0;
  // k: the dimension of the latent code handed to the decoder.
  virtual Index code_dim() const = 0;
  // The dimension the encoder must output (k for euclidean; k + 1 for a k-sphere, say).
  virtual Index encoder_dim() const = 0;
  // z = g(h). h: encoder_dim x batch, z: code_dim x batch.
  virtual void forward(const MatrixXf& h, MatrixXf& z) const = 0;
  // dh = (dg/dh)^T dz.
  virtual void backward(const MatrixXf& h, const MatrixXf& z, const MatrixXf& dz, MatrixXf& dh) const = 0;
};

// Throws InputError listing the valid names on an unknown one.
std::unique_ptr<LatentGeometry> make_latent_geometry(const std::string& name, Index k);
std::vector<std::string> latent_geometry_names();

}  // namespace topae::nn
