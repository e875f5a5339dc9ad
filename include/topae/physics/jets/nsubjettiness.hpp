#pragma once
// N-subjettiness (J. Thaler and K. Van Tilburg, JHEP 03 (2011) 015), with angular exponent
// beta = 1 and the normalisation by the jet radius R0:
//
//   tau_N = sum_i pT_i min_k Delta R(i, a_k)  /  sum_i pT_i R0,
//
// i over the jet's constituents, k = 1..N over N axes a_k, Delta R^2 = Delta y^2 + Delta phi^2
// (rapidity y, azimuth phi wrapped into [0, pi]). tau_N is near 0 when the jet's energy flows
// along N directions or fewer: a jet of two hard prongs (W -> q q') has small tau_2 / tau_1.
//
// The axes are the exclusive-kt axes: the constituents reclustered with the kt algorithm
// (FastJet, E scheme, R = FastJet's largest) down to exactly N subjets. With N or fewer
// constituents each is its own axis and tau_N = 0. This is what fjcontrib's Nsubjettiness
// computes with KT_Axes and NormalizedMeasure(1, R0), written here (fjcontrib is not in Debian)
// and tested against a computation by hand (tests/physics/jets/nsubjettiness_test.cpp).
//
// Ratios: tau_21 = tau_2 / tau_1 and tau_32 = tau_3 / tau_2, defined as 0 where the
// denominator is 0. tau_{N-1} = 0 means the energy flows along at most N - 1 directions, so
// tau_N = 0 too: 0 / 0 becomes 0 ("no further prong"), never NaN.
#include <span>
#include <vector>

#include "topae/physics/four_vector.hpp"

namespace topae::physics::jets {

// FastJet's rapidity: 0.5 ln((E + pz) / (E - pz)) computed as ln((E + |pz|)^2 / (pT^2 + m^2))
// with m^2 clipped at 0, so it stays finite where rounding makes E <= |pz|; for pT = 0 and
// m^2 <= 0 it is +-(10^5 + |pz|), FastJet's convention.
double rapidity(const FourVector& p);
// Delta R between two four-vectors in (y, phi), Delta phi wrapped into [0, pi].
double delta_r(const FourVector& a, const FourVector& b);

// tau_N of `constituents` for the given `axes` (N = axes.size() >= 1) and radius r0 > 0; 0
// for a jet without transverse momentum.
double n_subjettiness(std::span<const FourVector> constituents, std::span<const FourVector> axes, double r0);
// The n exclusive-kt axes of `constituents` (n >= 1); the constituents themselves if there
// are at most n.
std::vector<FourVector> exclusive_kt_axes(std::span<const FourVector> constituents, int n);

// a / b, and 0 where b = 0.
double tau_ratio(double numerator, double denominator);

struct Subjettiness {
  double tau1 = 0, tau2 = 0, tau3 = 0;

  double tau21() const { return tau_ratio(tau2, tau1); }
  double tau32() const { return tau_ratio(tau3, tau2); }
};
// tau_1, tau_2, tau_3 of a jet of radius r0, each with its own exclusive-kt axes.
Subjettiness subjettiness(std::span<const FourVector> constituents, double r0);

}  // namespace topae::physics::jets
