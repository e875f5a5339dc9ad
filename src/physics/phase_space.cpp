#include "topae/physics/phase_space.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>
#include <optional>
#include <string_view>
#include <tuple>

#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/memory.hpp"
#include "topae/core/parse.hpp"
#include "topae/core/rng.hpp"
#include "topae/physics/rambo.hpp"

namespace topae::physics {

namespace {

constexpr double kPi = std::numbers::pi;

// A daughter's particle number (checked against the particle count by validate()).
int parse_daughter(std::string_view text) {
  const auto v = to_int(text);
  if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    throw InputError(fmt::format("--resonance: a daughter must be a particle number, got '{}'", text));
  }
  return static_cast<int>(*v);
}

// The kinematic range [lo, hi] of m_X.
std::pair<double, double> resonance_range(const Resonance& r, const std::vector<double>& masses, double energy) {
  const double ma = masses[r.daughter_1 - 1], mb = masses[r.daughter_2 - 1];
  double others = 0;
  for (const double m : masses) others += m;
  others -= ma + mb;
  return {ma + mb, energy - others};
}

// The angles theta = atan((s - M^2) / (M Gamma)) of the range's ends.
std::pair<double, double> resonance_angles(const Resonance& r, double lo, double hi) {
  const double mg = r.mass * r.width, m2 = r.mass * r.mass;
  return {std::atan((lo * lo - m2) / mg), std::atan((hi * hi - m2) / mg)};
}

// Draws m_X from the truncated Breit-Wigner (width > 0, lo < mass < hi: validate()).
double draw_resonance_mass(const Resonance& r, double lo, double hi, double u) {
  const double mg = r.mass * r.width, m2 = r.mass * r.mass;
  const auto [t_lo, t_hi] = resonance_angles(r, lo, hi);
  const double s = m2 + mg * std::tan(t_lo + u * (t_hi - t_lo));
  return std::clamp(std::sqrt(std::max(s, 0.0)), lo, hi);
}

// One signal event: X and the others by RAMBO, X -> a b with the spin's helicity-angle
// distribution (isotropic for spin 0).
using Axes = std::array<std::array<double, 3>, 3>;

// Orthonormal axes (e1, e2, n) with n along x's three-momentum (the lab's for x at rest).
Axes helicity_axes(const FourVector& x) {
  const double p = x.p();
  if (p == 0) return {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  const std::array<double, 3> n = {x.px() / p, x.py() / p, x.pz() / p};
  // e1: the lab's x axis (or y, if n is close to x) made orthogonal to n.
  std::array<double, 3> a = std::abs(n[0]) < 0.9 ? std::array<double, 3>{1, 0, 0} : std::array<double, 3>{0, 1, 0};
  const double an = a[0] * n[0] + a[1] * n[1] + a[2] * n[2];
  std::array<double, 3> e1 = {a[0] - an * n[0], a[1] - an * n[1], a[2] - an * n[2]};
  const double e1_norm = std::sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
  for (double& v : e1) v /= e1_norm;
  const std::array<double, 3> e2 = {n[1] * e1[2] - n[2] * e1[1], n[2] * e1[0] - n[0] * e1[2], n[0] * e1[1] - n[1] * e1[0]};
  return {e1, e2, n};
}

class SignalGenerator {
 public:
  SignalGenerator(double energy, std::vector<double> masses, Resonance r) : energy_(energy), masses_(std::move(masses)), r_(r) {
    std::tie(lo_, hi_) = resonance_range(r_, masses_, energy_);
    for (int i = 0; i < static_cast<int>(masses_.size()); ++i) {
      if (i != r_.daughter_1 - 1 && i != r_.daughter_2 - 1) others_.push_back(i);
    }
  }

  double generate(RandomStream& rng, std::span<FourVector> out) const {
    // Keep m_X strictly below hi, so that the production masses sum below E.
    const double mx = std::min(draw_resonance_mass(r_, lo_, hi_, rng.uniform()), hi_ - 1e-12 * energy_);
    std::vector<double> production;
    for (const int i : others_) production.push_back(masses_[i]);
    production.push_back(mx);
    const Rambo rambo(energy_, production);
    std::vector<FourVector> p(production.size());
    const double w = rambo.generate(rng, p);
    for (std::size_t k = 0; k < others_.size(); ++k) out[others_[k]] = p[k];
    const FourVector x = p.back();
    const double ma = masses_[r_.daughter_1 - 1], mb = masses_[r_.daughter_2 - 1];
    // The drawn mass, not X's from its components: for a far-boosted X those have lost m^2.
    const double q = two_body_momentum(mx, ma, mb);
    // Spin 1: cos(theta) about X's flight direction n by inverting the CDF (c^3 + 1) / 2 (a
    // pure boost keeps the lab's axes, so n in X's rest frame is X's lab direction). Spin 0:
    // isotropic, about the lab's z axis.
    const double u = 2 * rng.uniform() - 1;
    const double c = r_.spin == 1 ? std::cbrt(u) : u, s = std::sqrt(1 - c * c), f = 2 * kPi * rng.uniform();
    const Axes axes = r_.spin == 1 ? helicity_axes(x) : Axes{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    std::array<double, 3> k{};
    for (int i = 0; i < 3; ++i) k[i] = q * (s * std::cos(f) * axes[0][i] + s * std::sin(f) * axes[1][i] + c * axes[2][i]);
    const double qx = k[0], qy = k[1], qz = k[2];
    out[r_.daughter_1 - 1] = FourVector(std::sqrt(ma * ma + q * q), qx, qy, qz).from_rest_frame(x, mx);
    out[r_.daughter_2 - 1] = FourVector(std::sqrt(mb * mb + q * q), -qx, -qy, -qz).from_rest_frame(x, mx);
    return w * two_body_phase_space_volume(mx, ma, mb);  // the decay's volume at the drawn mass
  }

 private:
  double energy_;
  std::vector<double> masses_;
  Resonance r_;
  double lo_ = 0, hi_ = 0;
  std::vector<int> others_;
};

}  // namespace

Resonance Resonance::parse(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    throw InputError(fmt::format("--resonance must look like A,B:mass=M,width=G[,spin=S], got '{}'", text));
  }
  const std::string_view spec = text;
  const auto daughters = split_list(spec.substr(0, colon));
  if (daughters.size() != 2) {
    throw InputError(fmt::format("--resonance needs two daughters A,B before ':', got '{}'", spec.substr(0, colon)));
  }
  Resonance r;
  r.daughter_1 = parse_daughter(daughters[0]);
  r.daughter_2 = parse_daughter(daughters[1]);
  bool has_mass = false, has_width = false;
  for (const auto& [key, value] : parse_key_values(spec.substr(colon + 1), "--resonance")) {
    if (key == "spin") {
      if (value != "0" && value != "1")
        throw InputError(fmt::format("--resonance: spin must be 0 or 1, got '{}'", value));
      r.spin = value == "1" ? 1 : 0;
      continue;
    }
    if (key != "mass" && key != "width") {
      throw InputError(fmt::format("--resonance: expected mass=M, width=G or spin=S, got '{}={}'", key, value));
    }
    (key == "mass" ? has_mass : has_width) = true;
    (key == "mass" ? r.mass : r.width) = parse_double(value, "--resonance " + key);
  }
  if (!has_mass || !has_width) {
    throw InputError(fmt::format("--resonance needs {}, got '{}' (form: A,B:mass=M,width=G)",
                                 has_mass ? "width=G" : "mass=M", text));
  }
  return r;
}

std::vector<double> parse_masses(const std::string& text, int n_particles) {
  if (n_particles < 2 || n_particles > kMaxParticles) {
    throw InputError(fmt::format("--particles must be between 2 and {}, got {}", kMaxParticles, n_particles));
  }
  if (text.empty()) return std::vector<double>(static_cast<std::size_t>(n_particles), 0.0);
  auto masses = parse_double_list(text, "--masses");
  if (static_cast<int>(masses.size()) != n_particles) {
    throw InputError(fmt::format("--masses has {} values for --particles {}", masses.size(), n_particles));
  }
  return masses;
}

std::string Resonance::description() const {
  auto text = fmt::format("{},{}:mass={},width={}", daughter_1, daughter_2, mass, width);
  if (spin != 0) text += fmt::format(",spin={}", spin);
  return text;
}

void to_json(nlohmann::json& j, const Resonance& r) { j = r.description(); }
void from_json(const nlohmann::json& j, Resonance& r) { r = Resonance::parse(j.get<std::string>()); }

double breit_wigner_cdf(double m, double mass, double width, double lo, double hi) {
  const double mg = mass * width, m2 = mass * mass;
  const double t_lo = std::atan((lo * lo - m2) / mg), t_hi = std::atan((hi * hi - m2) / mg);
  const double t = std::atan((std::clamp(m, lo, hi) * std::clamp(m, lo, hi) - m2) / mg);
  return (t - t_lo) / (t_hi - t_lo);
}

void PhaseSpaceSpec::validate() const {
  if (masses.size() > static_cast<std::size_t>(kMaxParticles)) {
    throw InputError(fmt::format("--particles must be between 2 and {}, got {}", kMaxParticles, masses.size()));
  }
  Rambo check(energy, masses);  // throws InputError on n < 2, bad energy or masses
  if (resonance) {
    const Resonance& r = *resonance;
    const int n = static_cast<int>(masses.size());
    if (n < 3) throw InputError(fmt::format("--resonance needs at least 3 particles, got {}", n));
    for (const int d : {r.daughter_1, r.daughter_2}) {
      if (d < 1 || d > n) throw InputError(fmt::format("--resonance: particle {} is outside 1..{}", d, n));
    }
    if (r.daughter_1 == r.daughter_2) {
      throw InputError(fmt::format("--resonance: the daughters must differ, got {} twice", r.daughter_1));
    }
    const std::string flag = "--resonance " + r.description();
    if (!(r.width > 0) || !std::isfinite(r.width)) {
      throw InputError(fmt::format("{}: the width must be positive, got {}", flag, r.width));
    }
    // The pole inside the kinematic range: the daughters' masses below it, E minus the other
    // particles' masses above it (otherwise every event would sit at an edge of the range).
    const auto [lo, hi] = resonance_range(r, masses, energy);
    if (!(r.mass > lo && r.mass < hi)) {
      throw InputError(fmt::format(
          "{}: the mass must lie above the daughters' mass sum ({}) and below the energy minus the other "
          "particles' masses ({}), got {}",
          flag, lo, hi, r.mass));
    }
    // M Gamma and the range's angles must be representable for the Breit-Wigner draw.
    const auto [t_lo, t_hi] = resonance_angles(r, lo, hi);
    if (!std::isfinite(r.mass * r.width) || !(t_hi > t_lo)) {
      throw InputError(fmt::format("{}: mass x width = {} is too large to sample", flag, r.mass * r.width));
    }
    if (unweight) throw InputError("--unweight is not supported for resonance (signal) events");
  }
  checks::check_flag_at_least("--n", n_events, 1);
  if (n_events >= (Index{1} << 48)) throw InputError(fmt::format("--n must be below 2^48, got {}", n_events));
  if (!(weight_bound >= 0) || !std::isfinite(weight_bound)) {
    throw InputError(fmt::format("the weight bound must be >= 0 (0: estimated), got {}", weight_bound));
  }
  if (unweight && weight_bound == 0 && pilot_events < 1) {
    throw InputError(fmt::format("the pilot run needs at least 1 event, got {}", pilot_events));
  }
}

nlohmann::json PhaseSpaceSpec::to_json() const {
  return {{"generator", "phase-space"}, {"energy", energy},     {"masses", masses},
          {"events", n_events},         {"seed", seed},         {"unweight", unweight},
          {"weight_bound", weight_bound}, {"pilot_events", pilot_events},
          {"weight_normalisation", "Phi_n including (2 pi)^(4-3n)"},
          {"resonance", resonance ? nlohmann::json(resonance->description()) : nlohmann::json(nullptr)}};
}

nlohmann::json PhaseSpaceSample::unweighting_json() const {
  return {{"trials", trials}, {"efficiency", efficiency}, {"weight_bound", weight_bound}, {"overweight", overweight}};
}

PhaseSpaceGenerator::PhaseSpaceGenerator(const PhaseSpaceSpec& spec) : spec_(spec) {
  spec_.validate();
  const Rambo rambo(spec_.energy, spec_.masses);
  // Massless weights are constant: unweighting them is a no-op.
  hit_or_miss_ = spec_.unweight && !rambo.massless();
  if (!spec_.unweight) return;
  if (!hit_or_miss_) {
    bound_ = rambo.massless_weight();
  } else if (spec_.weight_bound > 0) {
    bound_ = spec_.weight_bound;
  } else {
    double w_max = 0;
#pragma omp parallel reduction(max : w_max)
    {
      std::vector<FourVector> p(spec_.masses.size());
#pragma omp for schedule(static)
      for (Index j = 0; j < spec_.pilot_events; ++j) {
        RandomStream rng(spec_.seed, kPilotStreamTag | static_cast<std::uint64_t>(j));
        w_max = std::max(w_max, rambo.generate(rng, p));
      }
    }
    bound_ = 1.1 * w_max;
  }
}

PhaseSpaceGenerator::Trials PhaseSpaceGenerator::hit_or_miss(Index first, Index count, FourVector* momenta) const {
  const Rambo rambo(spec_.energy, spec_.masses);
  const auto n = static_cast<std::size_t>(rambo.n_particles());
  Index trials = 0, overweight = 0;
#pragma omp parallel reduction(+ : trials, overweight)
  {
    std::vector<FourVector> scratch(momenta ? 0 : n);
#pragma omp for schedule(static)
    for (Index i = 0; i < count; ++i) {
      RandomStream rng(spec_.seed, spec_.stream_tag | static_cast<std::uint64_t>(first + i));
      const std::span<FourVector> out = momenta ? std::span<FourVector>(momenta + i * static_cast<Index>(n), n)
                                                : std::span<FourVector>(scratch);
      for (;;) {
        const double w = rambo.generate(rng, out);
        ++trials;
        if (w > bound_) ++overweight;
        if (rng.uniform() * bound_ < w) break;
      }
    }
  }
  return {trials, overweight};
}

void PhaseSpaceGenerator::events(Index first, Index count, PhaseSpaceSample& s) {
  const Index n_events = spec_.n_events;
  checks::check_row_range(first, count, n_events);
  const Rambo rambo(spec_.energy, spec_.masses);
  const int n = rambo.n_particles();
  // Four-momenta and weights, then the feature table made from them (about as large again).
  check_memory(2.0 * static_cast<double>(count) * (static_cast<double>(n) * sizeof(FourVector) + sizeof(double)),
               fmt::format("--n {}", n_events));
  s = PhaseSpaceSample{.n_particles = n, .momenta = std::move(s.momenta), .weight = std::move(s.weight)};
  s.momenta.resize(static_cast<std::size_t>(count * n));
  s.weight.resize(static_cast<std::size_t>(count));
  s.trials = n_events;
  FourVector* momenta = s.momenta.data();
  double* weight = s.weight.data();
  const std::uint64_t tag = spec_.stream_tag;

  if (spec_.resonance) {
    const SignalGenerator signal(spec_.energy, spec_.masses, *spec_.resonance);
#pragma omp parallel for schedule(static)
    for (Index i = 0; i < count; ++i) {
      RandomStream rng(spec_.seed, tag | static_cast<std::uint64_t>(first + i));
      weight[i] = signal.generate(rng, {momenta + i * n, static_cast<std::size_t>(n)});
    }
    return;
  }

  if (!hit_or_miss_) {
    constexpr int L = Rambo::kLanes;
    const Index n_batches = (count + L - 1) / L;
#pragma omp parallel
    {
      std::vector<double> scratch;
#pragma omp for schedule(static)
      for (Index b = 0; b < n_batches; ++b) {
        const Index i = b * L;
        const int lanes = static_cast<int>(std::min<Index>(L, count - i));
        rambo.generate_lanes(spec_.seed, tag | static_cast<std::uint64_t>(first + i), lanes, momenta + i * n,
                             weight + i, scratch);
      }
    }
    s.weight_bound = bound_;
    return;
  }

  const Trials drawn = hit_or_miss(first, count, momenta);
  if (!totals_) totals_ = first == 0 && count == n_events ? drawn : hit_or_miss(0, n_events, nullptr);
  s.trials = totals_->trials;
  s.efficiency = static_cast<double>(n_events) / static_cast<double>(totals_->trials);
  s.weight_bound = bound_;
  s.overweight = totals_->overweight;
  std::fill(s.weight.begin(), s.weight.end(), bound_ * s.efficiency);
}

PhaseSpaceSample generate_phase_space(const PhaseSpaceSpec& spec) {
  PhaseSpaceSample s;
  generate_phase_space(spec, s);
  return s;
}

void generate_phase_space(const PhaseSpaceSpec& spec, PhaseSpaceSample& s) {
  PhaseSpaceGenerator(spec).events(0, spec.n_events, s);
}

}  // namespace topae::physics
