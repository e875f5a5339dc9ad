#include "topae/physics/jets/nsubjettiness.hpp"

#include <fastjet/ClusterSequence.hh>
#include <fastjet/Error.hh>
#include <fastjet/JetDefinition.hh>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

#include "fastjet_support.hpp"
#include "topae/core/error.hpp"

namespace topae::physics::jets {

double rapidity(const FourVector& p) {
  constexpr double max_rapidity = 1e5;  // FastJet's MaxRap
  const double pt2 = p.pt2();
  if (p.e() == std::abs(p.pz()) && pt2 == 0) {
    const double y = max_rapidity + std::abs(p.pz());
    return p.pz() >= 0 ? y : -y;
  }
  const double m2 = std::max(0.0, p.m2());
  const double e_plus_pz = p.e() + std::abs(p.pz());
  const double y = 0.5 * std::log((pt2 + m2) / (e_plus_pz * e_plus_pz));  // -|y|
  return p.pz() > 0 ? -y : y;
}

namespace {

// Delta R from (y, phi) coordinates.
double distance(double y1, double phi1, double y2, double phi2) {
  double dphi = std::abs(phi1 - phi2);
  if (dphi > std::numbers::pi) dphi = 2 * std::numbers::pi - dphi;
  const double dy = y1 - y2;
  return std::sqrt(dy * dy + dphi * dphi);
}

}  // namespace

double delta_r(const FourVector& a, const FourVector& b) {
  return distance(rapidity(a), a.phi(), rapidity(b), b.phi());
}

double n_subjettiness(std::span<const FourVector> constituents, std::span<const FourVector> axes, double r0) {
  // The axes' (y, phi), once.
  thread_local std::vector<double> axis_y, axis_phi;
  axis_y.clear();
  axis_phi.clear();
  for (const auto& a : axes) {
    axis_y.push_back(rapidity(a));
    axis_phi.push_back(a.phi());
  }
  double numerator = 0, sum_pt = 0;
  for (const auto& c : constituents) {
    const double pt = c.pt();
    if (pt == 0) continue;  // no weight in either sum
    const double y = rapidity(c), phi = c.phi();
    double nearest = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < axis_y.size(); ++k) {
      nearest = std::min(nearest, distance(y, phi, axis_y[k], axis_phi[k]));
    }
    numerator += pt * nearest;
    sum_pt += pt;
  }
  if (sum_pt == 0) return 0;
  return numerator / (sum_pt * r0);
}

namespace {

// The constituents reclustered by kt down to one jet: the exclusive jets of any n are read
// from this one sequence.
class KtSequence {
 public:
  explicit KtSequence(std::span<const FourVector> constituents) {
    silence_fastjet();
    std::vector<fastjet::PseudoJet> input;
    input.reserve(constituents.size());
    for (const auto& c : constituents) input.push_back(pseudo_jet(c));
    try {
      sequence_.emplace(input, fastjet::JetDefinition(fastjet::kt_algorithm, fastjet::JetDefinition::max_allowable_R,
                                                      fastjet::E_scheme, fastjet::Best));
    } catch (const fastjet::Error& e) {
      throw Error("FastJet: " + e.message());
    }
  }
  // Expects n below the number of constituents.
  std::vector<FourVector> axes(int n) const {
    std::vector<FourVector> axes;
    for (const auto& j : sequence_->exclusive_jets(n)) axes.push_back(four_vector(j));
    return axes;
  }

 private:
  std::optional<fastjet::ClusterSequence> sequence_;
};

}  // namespace

std::vector<FourVector> exclusive_kt_axes(std::span<const FourVector> constituents, int n) {
  if (constituents.size() <= static_cast<std::size_t>(n)) return {constituents.begin(), constituents.end()};
  return KtSequence(constituents).axes(n);
}

double tau_ratio(double numerator, double denominator) { return denominator == 0 ? 0.0 : numerator / denominator; }

Subjettiness subjettiness(std::span<const FourVector> constituents, double r0) {
  Subjettiness s;
  if (constituents.size() <= 1) return s;  // every tau_N is 0
  const KtSequence kt(constituents);
  double* tau[] = {&s.tau1, &s.tau2, &s.tau3};
  for (int n = 1; n <= 3; ++n) {
    if (constituents.size() <= static_cast<std::size_t>(n)) break;  // tau_n and beyond stay 0
    *tau[n - 1] = n_subjettiness(constituents, kt.axes(n), r0);
  }
  return s;
}

}  // namespace topae::physics::jets
