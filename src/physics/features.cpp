#include "topae/physics/features.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "topae/core/error.hpp"

namespace topae::physics {

namespace {
// Particles beyond this are sorted through a heap buffer.
constexpr int kStackParticles = 32;

// s_ij = (p_i + p_j)^2 / E^2 for i < j, to `out`; returns the end of what it wrote.
double* write_invariants(const FourVector* p, int n, double energy, double* out) {
  const double e2 = energy * energy;
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) *out++ = (p[i] + p[j]).m2() / e2;
  }
  return out;
}

FourVector four_vector_at(const double* x) { return {x[0], x[1], x[2], x[3]}; }

// The number of particles of `columns` momentum features.
int momentum_particles(Index columns) {
  if (columns == 0 || columns % 4 != 0) {
    throw InputError(fmt::format("momentum features: {} columns is not 4 per particle", columns));
  }
  return static_cast<int>(columns / 4);
}

}  // namespace

std::string feature_set_name(FeatureSet f) {
  switch (f) {
    case FeatureSet::momenta: return "momenta";
    case FeatureSet::invariants: return "invariants";
    case FeatureSet::both: return "both";
  }
  return "momenta";
}

FeatureSet parse_feature_set(const std::string& name) {
  if (name == "momenta") return FeatureSet::momenta;
  if (name == "invariants") return FeatureSet::invariants;
  if (name == "both") return FeatureSet::both;
  throw InputError(fmt::format("--features must be momenta, invariants or both, got '{}'", name));
}

std::string particle_order_name(ParticleOrder o) { return o == ParticleOrder::energy ? "energy" : "generated"; }

nlohmann::json FeatureSpec::to_json() const {
  return {{"features", feature_set_name(features)}, {"order", particle_order_name(order)}};
}

ParticleOrder parse_particle_order(const std::string& name) {
  if (name == "generated") return ParticleOrder::generated;
  if (name == "energy") return ParticleOrder::energy;
  throw InputError(fmt::format("--order must be generated or energy, got '{}'", name));
}

std::vector<std::string> feature_columns(int n, FeatureSet features) {
  std::vector<std::string> c;
  if (features != FeatureSet::invariants) {
    for (int i = 1; i <= n; ++i) {
      for (const char* x : {"E", "px", "py", "pz"}) c.push_back(fmt::format("{}_{}", x, i));
    }
  }
  if (features != FeatureSet::momenta) {
    for (int i = 1; i <= n; ++i) {
      for (int j = i + 1; j <= n; ++j) c.push_back(fmt::format("s_{}{}", i, j));
    }
  }
  return c;
}

std::vector<std::string> mass_columns(int n) {
  std::vector<std::string> c;
  for (int i = 1; i <= n; ++i) {
    for (int j = i + 1; j <= n; ++j) c.push_back(fmt::format("m_{}{}", i, j));
  }
  return c;
}

std::vector<std::string> table_columns(int n, FeatureSet features) {
  auto c = feature_columns(n, features);
  for (auto& m : mass_columns(n)) c.push_back(std::move(m));
  return c;
}

void event_row(std::span<const FourVector> event, double energy, const FeatureSpec& spec, double* out) {
  const int n = static_cast<int>(event.size());
  std::array<FourVector, kStackParticles> stack;
  std::vector<FourVector> heap;
  FourVector* p = stack.data();
  if (n > kStackParticles) {
    heap.resize(event.size());
    p = heap.data();
  }
  std::copy(event.begin(), event.end(), p);
  if (spec.order == ParticleOrder::energy) {
    std::stable_sort(p, p + n, [](const FourVector& a, const FourVector& b) { return a.e() > b.e(); });
  }
  if (spec.features != FeatureSet::invariants) {
    for (int i = 0; i < n; ++i) {
      *out++ = p[i].e();
      *out++ = p[i].px();
      *out++ = p[i].py();
      *out++ = p[i].pz();
    }
  }
  if (spec.features != FeatureSet::momenta) out = write_invariants(p, n, energy, out);
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) *out++ = std::sqrt(std::max(0.0, (p[i] + p[j]).m2()));
  }
}

void apply_parity(std::span<FourVector> event) {
  for (auto& p : event) p = p.parity();
}

void apply_parity(PhaseSpaceSample& sample) { apply_parity(std::span<FourVector>(sample.momenta)); }

Eigen::VectorXd momentum_features(std::span<const FourVector> event) {
  Eigen::VectorXd x(4 * static_cast<Index>(event.size()));
  for (std::size_t i = 0; i < event.size(); ++i) {
    x.segment<4>(4 * static_cast<Index>(i)) << event[i].e(), event[i].px(), event[i].py(), event[i].pz();
  }
  return x;
}

Eigen::VectorXd momentum_features_parity(const Eigen::VectorXd& features) {
  std::vector<FourVector> p(static_cast<std::size_t>(momentum_particles(features.size())));
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = four_vector_at(features.data() + 4 * i).parity();
  return momentum_features(p);
}

Table momentum_invariants(const Table& momenta, double energy) {
  const int n = momentum_particles(momenta.cols());
  Table s(momenta.rows(), n * (n - 1) / 2);
  std::vector<FourVector> p(static_cast<std::size_t>(n));
  for (Index e = 0; e < momenta.rows(); ++e) {
    for (int i = 0; i < n; ++i) p[i] = four_vector_at(momenta.row(e).data() + 4 * i);
    write_invariants(p.data(), n, energy, s.row(e).data());
  }
  return s;
}

data::Dataset to_dataset(const PhaseSpaceSample& sample, double energy, const FeatureSpec& spec) {
  data::Dataset d;
  d.columns = table_columns(sample.n_particles, spec.features);
  d.truth = mass_columns(sample.n_particles);
  const Index n_events = sample.n_events();
  d.values.resize(n_events, static_cast<Index>(d.columns.size()));
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < n_events; ++i) event_row(sample.event(i), energy, spec, d.values.row(i).data());
  d.weight = Eigen::Map<const Eigen::VectorXd>(sample.weight.data(), n_events);
  return d;
}

}  // namespace topae::physics
