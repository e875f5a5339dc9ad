#include "topae/nn/latent_geometries/sphere_product.hpp"

#include <algorithm>

namespace topae::nn {

namespace {

constexpr float kEps = 1e-12f;  // torch.nn.functional.normalize's default

}  // namespace

SphereProductLatent::SphereProductLatent(std::string name, Index blocks, Index block_dim)
    : name_(std::move(name)), blocks_(blocks), block_dim_(block_dim) {}

void SphereProductLatent::forward(const MatrixXf& h, MatrixXf& z) const {
  z.resize(h.rows(), h.cols());
  for (Index e = 0; e < h.cols(); ++e)
    for (Index b = 0; b < blocks_; ++b) {
      const auto hb = h.col(e).segment(b * block_dim_, block_dim_);
      z.col(e).segment(b * block_dim_, block_dim_) = hb / std::max(hb.norm(), kEps);
    }
}

void SphereProductLatent::backward(const MatrixXf& h, const MatrixXf& z, const MatrixXf& dz, MatrixXf& dh) const {
  dh.resize(h.rows(), h.cols());
  for (Index e = 0; e < h.cols(); ++e)
    for (Index b = 0; b < blocks_; ++b) {
      const Index at = b * block_dim_;
      const float norm = h.col(e).segment(at, block_dim_).norm();
      const auto zb = z.col(e).segment(at, block_dim_);
      const auto dzb = dz.col(e).segment(at, block_dim_);
      if (norm > kEps) {
        dh.col(e).segment(at, block_dim_) = (dzb - zb * zb.dot(dzb)) / norm;
      } else {
        dh.col(e).segment(at, block_dim_) = dzb / kEps;
      }
    }
}

}  // namespace topae::nn
