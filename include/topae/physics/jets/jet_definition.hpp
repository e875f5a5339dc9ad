#pragma once
// JetSpec: what jets to make (FastJet's JetDefinition, as a value topae can print and record):
// the sequential-recombination algorithm, the radius R and the smallest transverse momentum of
// a jet kept. Four-momenta are added (FastJet's E scheme); distances are in rapidity y and
// azimuth phi, Delta R^2 = Delta y^2 + Delta phi^2.
//   antikt  d_ij = min(1/pT_i^2, 1/pT_j^2) Delta R_ij^2 / R^2   (hard, round jets: the LHC's choice)
//   kt      d_ij = min(pT_i^2, pT_j^2) Delta R_ij^2 / R^2
//   ca      Cambridge/Aachen: d_ij = Delta R_ij^2 / R^2
// with d_iB = pT_i^{2p} (p = -1, 1, 0) against the beam.
#include <nlohmann/json.hpp>
#include <string>

namespace topae::physics::jets {

enum class JetAlgorithm { antikt, kt, ca };

// "antikt", "kt", "ca": the names --jets takes.
std::string jet_algorithm_name(JetAlgorithm algorithm);
// Throws InputError naming --jets and the names it takes.
JetAlgorithm parse_jet_algorithm(const std::string& name);

struct JetSpec {
  JetAlgorithm algorithm = JetAlgorithm::antikt;  // --jets
  double r = 0.4;                                 // --jet-r: the radius R, in (0, 10]
  double ptmin = 0;                               // --jet-ptmin: jets with pT >= ptmin (GeV) are kept

  // Throws InputError naming the flag unless R is in (0, 10] and ptmin >= 0 (both finite).
  void check() const;
  // "anti-kt, R = 0.4, pT >= 20 GeV"
  std::string description() const;
  nlohmann::json to_json() const;
};

}  // namespace topae::physics::jets
