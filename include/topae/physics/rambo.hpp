#pragma once
// RAMBO: flat n-body phase space (R. Kleiss, W. J. Stirling, S. D. Ellis, "A new Monte
// Carlo treatment of multiparticle phase space at high energies", Comput. Phys. Commun. 40
// (1986) 359).
//
// Weight normalisation. The weight of an event is an estimate of the Lorentz-invariant
// phase-space volume
//   Phi_n(E; m_1..m_n) = Int prod_i d^3p_i / ((2 pi)^3 2 E_i)  (2 pi)^4 delta^4(P - sum p_i),
// INCLUDING the (2 pi)^(4-3n) factor, with P = (E, 0, 0, 0): the mean weight of a sample is
// Phi_n. Massless particles: every event has the constant weight
//   Phi_n(E) = (2 pi)^(4-3n) (pi/2)^(n-1) E^(2n-4) / ((n-1)! (n-2)!)      (Kleiss, Stirling, Ellis 1986).
// For n = 2 and masses m1, m2 this convention gives Phi_2 = (2 pi)^(-2) pi |p| / E
// = |p| / (4 pi E), with |p| the momentum of either particle (E = 2|p| massless: 1 / (8 pi)).
//
// Massive particles: the massless momenta q_i are rescaled, k_i = (sqrt(m_i^2 + xi^2 |q_i|^2),
// xi q_i), with xi in (0, 1] solving sum_i sqrt(m_i^2 + xi^2 |q_i|^2) = E (Newton's method,
// to 1e-14 relative), and the weight is multiplied by the paper's mass factor
//   W_m = xi^(2n-3) prod_i (|k_i| / k_i^0) E / sum_i (|k_i|^2 / k_i^0).
//
// Random numbers: 4 uniforms per particle, drawn from the stream handed in.
#include <cstdint>
#include <span>
#include <vector>

#include "topae/physics/event.hpp"
#include "topae/physics/four_vector.hpp"

namespace topae {
class RandomStream;  // topae/core/rng.hpp
}

namespace topae::physics {

// The massless volume Phi_n(E) above (n >= 2, E > 0), (2 pi)^(4-3n) included.
double massless_phase_space_volume(int n, double energy);
// The two-body volume |p| / (4 pi E) for masses m1 + m2 < E, in the same normalisation.
double two_body_phase_space_volume(double energy, double m1, double m2);
// |p| of either daughter of a two-body decay at rest of a particle of mass `energy`.
double two_body_momentum(double energy, double m1, double m2);

class Rambo {
 public:
  // n = masses.size() >= 2 particles; masses >= 0, finite, summing below `energy`.
  // Throws InputError otherwise.
  Rambo(double energy, std::vector<double> masses);

  int n_particles() const { return static_cast<int>(masses_.size()); }
  double energy() const { return energy_; }
  const std::vector<double>& masses() const { return masses_; }
  bool massless() const { return massless_; }
  // The weight of every massless event (massless_phase_space_volume(n, energy)).
  double massless_weight() const { return massless_weight_; }

  // Writes n momenta in the centre-of-mass frame to `out` (out.size() == n_particles(),
  // unchecked) and returns the event's weight.
  double generate(RandomStream& rng, std::span<FourVector> out) const;
  Event generate(RandomStream& rng) const;

  // Events side by side, one per SIMD lane: 8 doubles fill an AVX-512 register.
  static constexpr int kLanes = 8;
  // The fast path: events l = 0 .. count-1 (count <= kLanes) from the fresh streams
  // (seed, first_stream + l), written to out[l * n .. l * n + n-1] and weight[l]. The same
  // events as generate() on those streams, to rounding (vector log, sin and cos are within
  // 4 ulp of libm's). `scratch` is reused between calls (one per thread).
  void generate_lanes(std::uint64_t seed, std::uint64_t first_stream, int count, FourVector* out, double* weight,
                      std::vector<double>& scratch) const;

 private:
  static constexpr int kMaxNewton = 100;
  // Above this boost of the conformal map, the momenta are repaired (see generate).
  static constexpr double kRepairGamma = 4.0;

  // Restores sum p = (E, 0) after a conformal map with a large boost (both paths share it).
  void repair(std::span<FourVector> momenta) const;
  void repair_lane(int lane, std::vector<double>& scratch) const;
  void massive_lanes(int count, double* weight, std::vector<double>& scratch) const;

  double energy_;
  std::vector<double> masses_;
  bool massless_ = true;
  double massless_weight_ = 0;
  double xi_max_ = 1;  // Newton's starting point sqrt(1 - (sum m / E)^2)
};

}  // namespace topae::physics
