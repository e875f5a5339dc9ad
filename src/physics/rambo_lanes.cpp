// RAMBO for kLanes events side by side, one event per SIMD lane: the fast path beside the
// one-event reference Rambo::generate (rambo.cpp), which it follows step by step.
//
// Every loop below runs over lanes, so the compiler turns it into vector code. Philox draws
// come from RandomStream::blocks; log, sin and cos come from glibc's libmvec (declared below),
// within 4 ulp of the scalar libm results. Lanes never mix, so an event's momenta do not
// depend on which other events share its batch.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "topae/core/rng.hpp"
#include "topae/physics/rambo.hpp"

// glibc ships vector variants of these in libmvec (linked through libm.so); <cmath> only
// declares them under -ffast-math, which we do not use. Needs -fno-math-errno (CMakeLists).
extern "C" {
__attribute__((simd("notinbranch"))) double log(double) noexcept;
__attribute__((simd("notinbranch"))) double sin(double) noexcept;
__attribute__((simd("notinbranch"))) double cos(double) noexcept;
}

namespace topae::physics {

namespace {
constexpr int L = Rambo::kLanes;
constexpr double kTwoPi = 2 * std::numbers::pi;
using Lanes = std::array<double, L>;

// The four components of particle i, one entry per lane, in the scratch buffer.
struct ParticleLanes {
  double* e;
  double* x;
  double* y;
  double* z;
};
ParticleLanes particle_lanes(std::vector<double>& scratch, int n, int i) {
  double* base = scratch.data();
  return {base + (0 * n + i) * L, base + (1 * n + i) * L, base + (2 * n + i) * L, base + (3 * n + i) * L};
}
}  // namespace

void Rambo::generate_lanes(std::uint64_t seed, std::uint64_t first_stream, int count, FourVector* out, double* weight,
                           std::vector<double>& scratch) const {
  const int n = n_particles();
  scratch.resize(static_cast<std::size_t>(4 * n * L));

  // Massless momenta q_i: isotropic, energies distributed as q0 e^(-q0).
  alignas(64) Lanes qe{}, qx{}, qy{}, qz{};
  for (int i = 0; i < n; ++i) {
    alignas(64) std::uint32_t w[4][L];
    RandomStream::blocks(seed, first_stream, static_cast<std::uint32_t>(i), w);
    alignas(64) Lanes u0, u1, u2, u3, cos_f, sin_f;
#pragma omp simd
    for (int l = 0; l < L; ++l) {
      u0[l] = (w[0][l] + 0.5) * 0x1p-32;
      u1[l] = (w[1][l] + 0.5) * 0x1p-32;
      u2[l] = (w[2][l] + 0.5) * 0x1p-32;
      u3[l] = (w[3][l] + 0.5) * 0x1p-32;
    }
    // sin and cos in separate loops: together, the compiler would fuse them into a scalar sincos.
#pragma omp simd
    for (int l = 0; l < L; ++l) cos_f[l] = std::cos(kTwoPi * u1[l]);
#pragma omp simd
    for (int l = 0; l < L; ++l) sin_f[l] = std::sin(kTwoPi * u1[l]);
    // Named pointers, not a structured binding: clang 14 (the fuzz build) cannot refer to
    // those inside an OpenMP region.
    const ParticleLanes lanes = particle_lanes(scratch, n, i);
    double *const e = lanes.e, *const x = lanes.x, *const y = lanes.y, *const z = lanes.z;
#pragma omp simd
    for (int l = 0; l < L; ++l) {
      const double c = 2 * u0[l] - 1;
      const double s = std::sqrt(1 - c * c);
      const double q0 = -std::log(u2[l] * u3[l]);
      e[l] = q0;
      x[l] = q0 * s * cos_f[l];
      y[l] = q0 * s * sin_f[l];
      z[l] = q0 * c;
      qe[l] += e[l];
      qx[l] += x[l];
      qy[l] += y[l];
      qz[l] += z[l];
    }
  }

  // Conformal transformation onto p_i with sum p_i = (E, 0).
  alignas(64) Lanes bx, by, bz, scale, gamma, a;
#pragma omp simd
  for (int l = 0; l < L; ++l) {
    const double mq = std::sqrt(qe[l] * qe[l] - qx[l] * qx[l] - qy[l] * qy[l] - qz[l] * qz[l]);
    bx[l] = -qx[l] / mq;
    by[l] = -qy[l] / mq;
    bz[l] = -qz[l] / mq;
    scale[l] = energy_ / mq;
    gamma[l] = qe[l] / mq;
    a[l] = 1 / (1 + gamma[l]);
  }
  for (int i = 0; i < n; ++i) {
    // Named pointers, not a structured binding: clang 14 (the fuzz build) cannot refer to
    // those inside an OpenMP region.
    const ParticleLanes lanes = particle_lanes(scratch, n, i);
    double *const e = lanes.e, *const x = lanes.x, *const y = lanes.y, *const z = lanes.z;
#pragma omp simd
    for (int l = 0; l < L; ++l) {
      const double bq = bx[l] * x[l] + by[l] * y[l] + bz[l] * z[l];
      const double c = e[l] + a[l] * bq;
      e[l] = scale[l] * (gamma[l] * e[l] + bq);
      x[l] = scale[l] * (x[l] + bx[l] * c);
      y[l] = scale[l] * (y[l] + by[l] * c);
      z[l] = scale[l] * (z[l] + bz[l] * c);
    }
  }
  for (int l = 0; l < count; ++l) {
    if (gamma[l] > kRepairGamma) repair_lane(l, scratch);  // rare: see Rambo::generate
  }
  if (massless_) {
    std::fill(weight, weight + count, massless_weight_);
  } else {
    massive_lanes(count, weight, scratch);
  }

  // Lanes to events.
  for (int i = 0; i < n; ++i) {
    const auto [e, x, y, z] = particle_lanes(scratch, n, i);
    for (int l = 0; l < count; ++l) out[l * n + i] = FourVector(e[l], x[l], y[l], z[l]);
  }
}

void Rambo::repair_lane(int l, std::vector<double>& scratch) const {
  const int n = n_particles();
  std::vector<FourVector> p(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto [e, x, y, z] = particle_lanes(scratch, n, i);
    p[i] = FourVector(e[l], x[l], y[l], z[l]);
  }
  repair(p);
  for (int i = 0; i < n; ++i) {
    const auto [e, x, y, z] = particle_lanes(scratch, n, i);
    e[l] = p[i].e();
    x[l] = p[i].px();
    y[l] = p[i].py();
    z[l] = p[i].pz();
  }
}

void Rambo::massive_lanes(int count, double* weight, std::vector<double>& scratch) const {
  const int n = n_particles();
  // |p_i| from the three-momentum, into the energy slot (see Rambo::generate).
  for (int i = 0; i < n; ++i) {
    // Named pointers, not a structured binding: clang 14 (the fuzz build) cannot refer to
    // those inside an OpenMP region.
    const ParticleLanes lanes = particle_lanes(scratch, n, i);
    double *const e = lanes.e, *const x = lanes.x, *const y = lanes.y, *const z = lanes.z;
#pragma omp simd
    for (int l = 0; l < L; ++l) e[l] = std::sqrt(x[l] * x[l] + y[l] * y[l] + z[l] * z[l]);
  }
  // Newton for xi in every lane; a lane stops moving once it has converged, so its result
  // is the one-event reference's.
  alignas(64) Lanes xi, f, g;
  alignas(64) std::array<int, L> active;
  xi.fill(xi_max_);
  active.fill(1);
  for (int iter = 0; iter < kMaxNewton; ++iter) {
    f.fill(-energy_);
    g.fill(0);
    for (int i = 0; i < n; ++i) {
      const double* p = particle_lanes(scratch, n, i).e;
      const double m2 = masses_[i] * masses_[i];
#pragma omp simd
      for (int l = 0; l < L; ++l) {
        const double p2 = p[l] * p[l];
        const double e = std::sqrt(m2 + xi[l] * xi[l] * p2);
        f[l] += e;
        g[l] += p2 / e;
      }
    }
    int any = 0;
#pragma omp simd reduction(| : any)
    for (int l = 0; l < L; ++l) {
      const double step = f[l] / (xi[l] * g[l]);
      const double next = xi[l] - step;
      const int done = std::abs(step) <= 1e-15 * next || std::abs(f[l]) <= 1e-14 * energy_;
      xi[l] = active[l] ? next : xi[l];
      active[l] = active[l] && !done;
      any |= active[l];
    }
    if (!any) break;
  }
  alignas(64) Lanes prod, sum;
  prod.fill(1);
  sum.fill(0);
  for (int i = 0; i < n; ++i) {
    const ParticleLanes lanes = particle_lanes(scratch, n, i);  // not a binding: see generate_lanes
    double *const e = lanes.e, *const x = lanes.x, *const y = lanes.y, *const z = lanes.z;
    const double m2 = masses_[i] * masses_[i];
#pragma omp simd
    for (int l = 0; l < L; ++l) {
      const double k = xi[l] * e[l];  // |k_i|
      const double k0 = std::sqrt(m2 + k * k);
      e[l] = k0;
      x[l] *= xi[l];
      y[l] *= xi[l];
      z[l] *= xi[l];
      prod[l] *= k / k0;
      sum[l] += k * k / k0;
    }
  }
  for (int l = 0; l < count; ++l) weight[l] = massless_weight_ * std::pow(xi[l], 2 * n - 3) * prod[l] * energy_ / sum[l];
}

}  // namespace topae::physics
