#include "topae/nn/latent_geometry.hpp"

#include "topae/core/error.hpp"

namespace topae::nn {

namespace {

class Euclidean final : public LatentGeometry {
 public:
  explicit Euclidean(Index k) : k_(k) {}
  std::string name() const override { return "euclidean"; }
  Index code_dim() const override { return k_; }
  Index encoder_dim() const override { return k_; }
  void forward(const MatrixXf& h, MatrixXf& z) const override { z = h; }
  void backward(const MatrixXf&, const MatrixXf&, const MatrixXf& dz, MatrixXf& dh) const override { dh = dz; }

 private:
  Index k_;
};

}  // namespace

std::vector<std::string> latent_geometry_names() { return {"euclidean"}; }

std::unique_ptr<LatentGeometry> make_latent_geometry(const std::string& name, Index k) {
  if (k < 1) throw InputError("latent dimension must be at least 1, got " + std::to_string(k));
  if (name == "euclidean") return std::make_unique<Euclidean>(k);
  throw InputError("unknown latent geometry '" + name + "' (valid: euclidean)");
}

}  // namespace topae::nn
