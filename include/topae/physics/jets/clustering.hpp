#pragma once
// Jets clustered by FastJet (libfastjet) from the four-momenta of an event, by a JetSpec
// (jets/jet_definition.hpp). FastJet's types stay inside the library.
#include <span>
#include <vector>

#include "topae/physics/four_vector.hpp"
#include "topae/physics/jets/jet_definition.hpp"

namespace topae::physics::jets {

struct Jet {
  FourVector momentum;                   // the sum of its constituents (E scheme)
  std::vector<FourVector> constituents;  // the particles clustered into it, by decreasing pT
};

// The jets of `particles` (four-momenta in GeV) with pT >= spec.ptmin, by decreasing pT
// (ties: FastJet's order). Particles with pT = 0 are left out: along the beam, they have no
// place in (y, phi). `jets` is reused (its vectors keep their memory). Expects spec.check().
void cluster_jets(std::span<const FourVector> particles, const JetSpec& spec, std::vector<Jet>& jets);
std::vector<Jet> cluster_jets(std::span<const FourVector> particles, const JetSpec& spec);

}  // namespace topae::physics::jets
