#pragma once
// The Borsuk-Ulam certificate for parity of a model on the four-momenta of massless three-body
// phase space (a 5-sphere on which p -> -p is the antipodal map), in the standardized L2
// distance the network's loss squares: from a test sample and its parity images, then
// sharpened by searching phase space from the pairs with the closest codes. At k <= 5 in a
// euclidean latent space Borsuk-Ulam forces an event and its image onto one code, so the
// search drives the code gap to zero and the bound to the floor; at k = 6, or in an S^5
// latent space, nothing forces it, and the code gap says whether the codes coincided anyway.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "topae/data/dataset.hpp"
#include "topae/nn/model.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::experiments {

struct ParityCertificate {
  Index latent = 0;
  std::uint64_t seed = 0;
  nlohmann::json sample;    // over the test events and their images (topology/borsuk_ulam.hpp)
  nlohmann::json searched;  // the best search over phase space (topology/antipodal_search.hpp); null: none
  double bound = 0;         // the larger of the two
  double floor = 0;         // min over the sample of |x - Ax| / 2: what Borsuk-Ulam forces at k <= 5
  double bound_over_floor = 0;
  double forced_loss = 0;   // bound^2
  // The smallest |E(x) - E(Ax)| found (sample or search) over the sample's median |E(x) -
  // E(Ax)|: 0 where the codes coincide, as Borsuk-Ulam forces at k <= 5.
  double code_gap = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ParityCertificate, latent, seed, sample, searched, bound, floor, bound_over_floor,
                                   forced_loss, code_gap)

// `scores` and `image_scores`: the score tables (analysis/score_table.hpp) of the events of
// `test` and of their parity images, in the order of `test`.
ParityCertificate parity_certificate(const nn::Model& model, std::uint64_t seed, const data::Dataset& scores,
                                     const data::Dataset& image_scores, const physics::PhaseSpaceSample& test,
                                     int search_starts);

}  // namespace topae::experiments
