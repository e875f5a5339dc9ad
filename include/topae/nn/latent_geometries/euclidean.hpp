#pragma once
// The euclidean latent space R^k: the code is the encoder's output.
#include "topae/nn/latent_geometry.hpp"

namespace topae::nn {

class EuclideanLatent final : public LatentGeometry {
 public:
  explicit EuclideanLatent(Index k) : k_(k) {}
  std::string name() const override { return "euclidean"; }
  Index dimension() const override { return k_; }
  Index code_dim() const override { return k_; }
  Index encoder_dim() const override { return k_; }
  void forward(const MatrixXf& h, MatrixXf& z) const override { z = h; }
  void backward(const MatrixXf&, const MatrixXf&, const MatrixXf& dz, MatrixXf& dh) const override { dh = dz; }

 private:
  Index k_;
};

}  // namespace topae::nn
