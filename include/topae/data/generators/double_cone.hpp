#pragma once
// The double cone: two circular cone sheets joined at their common apex, the origin,
//   x = slope |z| cos(phi),  y = slope |z| sin(phi),  z in [-h, h],  phi in [0, 2 pi).
// It is contractible, yet no neighbourhood of the apex embeds in R^2 (invariance of
// domain), so an autoencoder with k = 2 must fail there.
//
// Sampling (phi always uniform, each sheet equally likely):
//   area    uniform in surface area: the area element is proportional to |z|, so
//           |z| = h sqrt(U); mean |z| = 2h/3;
//   height  uniform in z over [-h, h]: |z| = h U, denser near the apex; mean |z| = h/2.
//
// Columns x, y, z; truth height (= z, kept as a truth copy so that errors can be plotted
// against it even after --embed-dim) and phi. The common options of SampleSpec apply.
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "topae/data/dataset.hpp"
#include "topae/data/generators/manifold.hpp"

namespace topae::data {

enum class ConeSampling { area, height };
// "area" / "height"; parse throws InputError naming --sampling.
std::string cone_sampling_name(ConeSampling s);
ConeSampling parse_cone_sampling(const std::string& name);

struct DoubleConeSpec : SampleSpec {
  double height = 1.0;  // --height: h, each sheet spans |z| in [0, h]
  double slope = 1.0;   // --slope: radius / |z|
  ConeSampling sampling = ConeSampling::area;  // --sampling: area or height

  void validate() const;
  nlohmann::json to_json() const;
};

// The double cone's geometry, for sample() and cluster_centre().
Manifold double_cone_manifold(const DoubleConeSpec& spec);

// Event i is drawn from RandomStream(seed, i): the same events for any thread count.
Dataset generate_double_cone(const DoubleConeSpec& spec);

}  // namespace topae::data
