#pragma once
// LatentGeometry: the map from the encoder's output to the latent code the decoder sees.
//
// euclidean: the identity, the latent space is R^k (latent_geometries/euclidean.hpp). sphere,
// circle, torus: the encoder's output normalised block by block, so that the latent space has
// the topology of S^k, S^1 or T^k (latent_geometries/sphere_product.hpp). A geometry needs
// only a forward map and its backward pass; the trainer does not know which one it trains.
//
// --latent k is the latent space's dimension as a manifold; the code the decoder sees (and
// score's z_1 .. columns) has code_dim() numbers: k, k + 1 for S^k, 2k for T^k.
#include <memory>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::nn {

class LatentGeometry {
 public:
  virtual ~LatentGeometry() = default;
  virtual std::string name() const = 0;
  // k: the latent space's dimension as a manifold (--latent).
  virtual Index dimension() const = 0;
  // The size of the code handed to the decoder.
  virtual Index code_dim() const = 0;
  // The size of the encoder's output.
  virtual Index encoder_dim() const = 0;
  // z = g(h). h: encoder_dim x batch, z: code_dim x batch.
  virtual void forward(const MatrixXf& h, MatrixXf& z) const = 0;
  // dh = (dg/dh)^T dz.
  virtual void backward(const MatrixXf& h, const MatrixXf& z, const MatrixXf& dz, MatrixXf& dh) const = 0;
};

// Throws InputError listing the valid names on an unknown one, naming --latent for k < 1 and
// for a circle with k != 1.
std::unique_ptr<LatentGeometry> make_latent_geometry(const std::string& name, Index k);
std::vector<std::string> latent_geometry_names();

}  // namespace topae::nn
