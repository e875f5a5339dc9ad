#include "topae/nn/latent_geometry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "topae/core/error.hpp"
#include "topae/nn/latent_geometries/euclidean.hpp"
#include "topae/nn/latent_geometries/sphere_product.hpp"

namespace topae::nn {

std::vector<std::string> latent_geometry_names() { return {"euclidean", "sphere", "circle", "torus"}; }

std::unique_ptr<LatentGeometry> make_latent_geometry(const std::string& name, Index k) {
  if (k < 1) throw InputError(fmt::format("--latent: the latent dimension must be at least 1, got {}", k));
  if (name == "euclidean") return std::make_unique<EuclideanLatent>(k);
  if (name == "sphere") return std::make_unique<SphereProductLatent>(SphereProductLatent::sphere(k));
  if (name == "torus") return std::make_unique<SphereProductLatent>(SphereProductLatent::torus(k));
  if (name == "circle") {
    if (k != 1)
      throw InputError(fmt::format("--latent-geometry circle is 1-dimensional: --latent must be 1, got {} (a "
                                   "sphere or torus latent has more dimensions)", k));
    return std::make_unique<SphereProductLatent>(SphereProductLatent::circle());
  }
  throw InputError(fmt::format("--latent-geometry: unknown latent geometry '{}' (valid: {})", name,
                               fmt::join(latent_geometry_names(), ", ")));
}

}  // namespace topae::nn
