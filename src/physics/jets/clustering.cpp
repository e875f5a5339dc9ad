#include "topae/physics/jets/clustering.hpp"

#include <fastjet/ClusterSequence.hh>
#include <fastjet/Error.hh>
#include <fastjet/JetDefinition.hh>
#include <fastjet/LimitedWarning.hh>

#include "fastjet_support.hpp"
#include "topae/core/error.hpp"

namespace topae::physics::jets {

void silence_fastjet() {
  static const bool silenced = [] {
    fastjet::ClusterSequence::set_fastjet_banner_stream(nullptr);
    fastjet::LimitedWarning::set_default_stream(nullptr);
    fastjet::Error::set_print_errors(false);
    return true;
  }();
  (void)silenced;
}

namespace {

fastjet::JetAlgorithm fastjet_algorithm(JetAlgorithm algorithm) {
  switch (algorithm) {
    case JetAlgorithm::antikt: return fastjet::antikt_algorithm;
    case JetAlgorithm::kt: return fastjet::kt_algorithm;
    case JetAlgorithm::ca: return fastjet::cambridge_algorithm;
  }
  return fastjet::antikt_algorithm;
}

}  // namespace

void cluster_jets(std::span<const FourVector> particles, const JetSpec& spec, std::vector<Jet>& jets) {
  silence_fastjet();
  thread_local std::vector<fastjet::PseudoJet> input;
  input.clear();
  for (const auto& p : particles) {
    if (p.pt2() > 0) input.push_back(pseudo_jet(p));
  }
  if (input.empty()) {
    jets.clear();
    return;
  }
  try {
    const fastjet::JetDefinition definition(fastjet_algorithm(spec.algorithm), spec.r, fastjet::E_scheme,
                                            fastjet::Best);
    const fastjet::ClusterSequence sequence(input, definition);
    const auto found = fastjet::sorted_by_pt(sequence.inclusive_jets(spec.ptmin));
    jets.resize(found.size());
    for (std::size_t k = 0; k < found.size(); ++k) {
      jets[k].momentum = four_vector(found[k]);
      jets[k].constituents.clear();
      for (const auto& c : fastjet::sorted_by_pt(found[k].constituents())) {
        jets[k].constituents.push_back(four_vector(c));
      }
    }
  } catch (const fastjet::Error& e) {
    throw Error("FastJet: " + e.message());
  }
}

std::vector<Jet> cluster_jets(std::span<const FourVector> particles, const JetSpec& spec) {
  std::vector<Jet> jets;
  cluster_jets(particles, spec, jets);
  return jets;
}

}  // namespace topae::physics::jets
