#pragma once
// Latent spaces that are products of round spheres, each a block of the code normalised to
// unit length, as torch.nn.functional.normalize does (z = h / max(|h|, 1e-12)):
//
//   sphere S^k   one block of k + 1 numbers: the encoder outputs k + 1, the decoder sees k + 1
//   circle S^1   the sphere with k = 1 (its own name: the circle is the study's first example)
//   torus T^k    k blocks of 2, one point on a circle per angle: the encoder outputs 2k,
//                the decoder sees 2k
//
// On such a code the data's topology need not tear: S^k holds a k-sphere, T^k a k-torus.
#include "topae/nn/latent_geometry.hpp"

namespace topae::nn {

class SphereProductLatent final : public LatentGeometry {
 public:
  // `blocks` spheres of dimension block_dim - 1 each; k (dimension()) is their total dimension.
  SphereProductLatent(std::string name, Index blocks, Index block_dim);
  static SphereProductLatent sphere(Index k) { return {"sphere", 1, k + 1}; }
  static SphereProductLatent circle() { return {"circle", 1, 2}; }
  static SphereProductLatent torus(Index k) { return {"torus", k, 2}; }

  std::string name() const override { return name_; }
  Index dimension() const override { return blocks_ * (block_dim_ - 1); }
  Index code_dim() const override { return blocks_ * block_dim_; }
  Index encoder_dim() const override { return code_dim(); }
  void forward(const MatrixXf& h, MatrixXf& z) const override;
  // Per block, |h| > eps: dh = (dz - z (z . dz)) / |h|; else z = h / eps and dh = dz / eps.
  void backward(const MatrixXf& h, const MatrixXf& z, const MatrixXf& dz, MatrixXf& dh) const override;

 private:
  std::string name_;
  Index blocks_;
  Index block_dim_;
};

}  // namespace topae::nn
