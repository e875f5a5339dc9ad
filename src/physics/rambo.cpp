#include "topae/physics/rambo.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"

namespace topae::physics {

namespace {
constexpr double kPi = std::numbers::pi;
}  // namespace

double massless_phase_space_volume(int n, double energy) {
  // (2 pi)^(4-3n) (pi/2)^(n-1) E^(2n-4) / ((n-1)! (n-2)!), in logs to stay finite for large n.
  const double log_v = (4.0 - 3.0 * n) * std::log(2 * kPi) + (n - 1) * std::log(kPi / 2) +
                       (2.0 * n - 4.0) * std::log(energy) - std::lgamma(n) - std::lgamma(n - 1);
  return std::exp(log_v);
}

double two_body_momentum(double energy, double m1, double m2) {
  const double s = energy * energy;
  const double a = s - (m1 + m2) * (m1 + m2);
  const double b = s - (m1 - m2) * (m1 - m2);
  return std::sqrt(std::max(0.0, a * b)) / (2 * energy);
}

double two_body_phase_space_volume(double energy, double m1, double m2) {
  return two_body_momentum(energy, m1, m2) / (4 * kPi * energy);
}

Rambo::Rambo(double energy, std::vector<double> masses) : energy_(energy), masses_(std::move(masses)) {
  const int n = n_particles();
  checks::check_flag_at_least("--particles", n, 2);
  if (!(energy_ > 0) || !std::isfinite(energy_)) throw InputError(fmt::format("--energy must be positive, got {}", energy_));
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double m = masses_[i];
    if (!(m >= 0) || !std::isfinite(m)) {
      throw InputError(fmt::format("--masses: the mass of particle {} must be >= 0, got {}", i + 1, m));
    }
    sum += m;
    if (m > 0) massless_ = false;
  }
  if (!(sum < energy_)) {
    throw InputError(fmt::format("--masses sum to {}, which is not below the energy {}", sum, energy_));
  }
  massless_weight_ = massless_phase_space_volume(n, energy_);
  xi_max_ = std::sqrt(1 - (sum / energy_) * (sum / energy_));
}

double Rambo::generate(RandomStream& rng, std::span<FourVector> out) const {
  const int n = n_particles();
  // Massless momenta q_i, isotropic, energies distributed as q0 e^(-q0). One Philox block
  // (four 32-bit uniforms) per particle: a resolution of 2^-32 is far below any physical
  // scale here, and the largest q0 = -log(2^-66) = 46 is well inside the tail.
  double qe = 0, qx = 0, qy = 0, qz = 0;
  for (int i = 0; i < n; ++i) {
    const double c = 2 * rng.uniform32() - 1;
    const double s = std::sqrt(1 - c * c);
    const double f = 2 * kPi * rng.uniform32();
    const double u3 = rng.uniform32();
    const double u4 = rng.uniform32();
    const double q0 = -std::log(u3 * u4);
    const FourVector q(q0, q0 * s * std::cos(f), q0 * s * std::sin(f), q0 * c);
    out[i] = q;
    qe += q.e();
    qx += q.px();
    qy += q.py();
    qz += q.pz();
  }
  // Conformal transformation onto p_i with sum p_i = (E, 0).
  const double mq = std::sqrt(qe * qe - qx * qx - qy * qy - qz * qz);
  const double bx = -qx / mq, by = -qy / mq, bz = -qz / mq;
  const double x = energy_ / mq;
  const double gamma = qe / mq;
  const double a = 1 / (1 + gamma);
  for (int i = 0; i < n; ++i) {
    const FourVector& q = out[i];
    const double bq = bx * q.px() + by * q.py() + bz * q.pz();
    const double c = q.e() + a * bq;
    out[i] = FourVector(x * (gamma * q.e() + bq), x * (q.px() + bx * c), x * (q.py() + by * c), x * (q.pz() + bz * c));
  }
  if (gamma > kRepairGamma) repair(out);
  if (massless_) return massless_weight_;

  // Massive: rescale the three-momenta by xi, solving sum sqrt(m_i^2 + xi^2 |p_i|^2) = E.
  // f(xi) is increasing and convex; Newton from xi_max >= the root converges monotonically.
  // |p_i| from the three-momentum (not p_i^0, which differs by rounding), so that
  // k_i^0 = sqrt(m_i^2 + |k_i|^2) holds for the components written out.
  for (int i = 0; i < n; ++i) out[i] = FourVector(out[i].p(), out[i].px(), out[i].py(), out[i].pz());
  double xi = xi_max_;
  for (int iter = 0; iter < kMaxNewton; ++iter) {
    double f = -energy_, g = 0;
    for (int i = 0; i < n; ++i) {
      const double p2 = out[i].e() * out[i].e();  // |p_i|^2
      const double e = std::sqrt(masses_[i] * masses_[i] + xi * xi * p2);
      f += e;
      g += p2 / e;
    }
    const double step = f / (xi * g);
    xi -= step;
    if (std::abs(step) <= 1e-15 * xi || std::abs(f) <= 1e-14 * energy_) break;
  }
  double prod = 1, sum = 0;
  for (int i = 0; i < n; ++i) {
    const FourVector& p = out[i];
    const double k = xi * p.e();  // |k_i|
    const double k0 = std::sqrt(masses_[i] * masses_[i] + k * k);
    out[i] = FourVector(k0, xi * p.px(), xi * p.py(), xi * p.pz());
    prod *= k / k0;
    sum += k * k / k0;
  }
  return massless_weight_ * std::pow(xi, 2 * n - 3) * prod * energy_ / sum;
}

void Rambo::repair(std::span<FourVector> p) const {
  // Nearly collinear q's (large gamma) amplify rounding in the conformal map; remove the
  // residual total momentum (pure rounding, ~ gamma eps E) by a tiny boost to the sum's rest
  // frame and rescale the energies, so sum p_i = (E, 0) to rounding at any gamma.
  FourVector t;
  for (const auto& q : p) t += q;
  const double scale = energy_ / t.m();
  for (auto& q : p) q = q.to_rest_frame(t) * scale;
}

Event Rambo::generate(RandomStream& rng) const {
  Event ev;
  ev.momenta.resize(masses_.size());
  ev.weight = generate(rng, ev.momenta);
  return ev;
}

}  // namespace topae::physics
