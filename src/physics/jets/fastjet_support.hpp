#pragma once
// What topae's FastJet code shares: four-vectors to and from PseudoJet, and FastJet kept
// silent (the library never prints).
#include <fastjet/PseudoJet.hh>

#include "topae/physics/four_vector.hpp"

namespace topae::physics::jets {

// Turns off, once and for the whole process, FastJet's banner (printed to std::cout at the
// first clustering), its warnings and its printing of errors (which are still thrown).
void silence_fastjet();

inline fastjet::PseudoJet pseudo_jet(const FourVector& p) { return {p.px(), p.py(), p.pz(), p.e()}; }
inline FourVector four_vector(const fastjet::PseudoJet& p) { return {p.e(), p.px(), p.py(), p.pz()}; }

}  // namespace topae::physics::jets
