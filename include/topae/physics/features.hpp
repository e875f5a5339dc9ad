#pragma once
// Event features: a PhaseSpaceSample as a Dataset.
//
// Columns, for particles i = 1..n in the chosen order:
//   momenta     E_i, px_i, py_i, pz_i
//   invariants  s_ij = m_ij^2 / E^2 = (p_i + p_j)^2 / E^2 for i < j (the Dalitz variables)
//   both        the momenta, then the invariants
// followed by the truth columns m_ij (pair masses, in the units of E).
// The event weights go to Dataset::weight. Order: `generated` keeps RAMBO's order (for
// signal events the same order as background), `energy` sorts each event's particles by
// decreasing energy (stable).
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "topae/data/dataset.hpp"
#include "topae/physics/four_vector.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::physics {

enum class FeatureSet { momenta, invariants, both };
enum class ParticleOrder { generated, energy };
// Names as on the command line; parse throws InputError naming the flag.
std::string feature_set_name(FeatureSet f);
FeatureSet parse_feature_set(const std::string& name);
std::string particle_order_name(ParticleOrder o);
ParticleOrder parse_particle_order(const std::string& name);

struct FeatureSpec {
  FeatureSet features = FeatureSet::momenta;      // --features
  ParticleOrder order = ParticleOrder::generated;  // --order

  nlohmann::json to_json() const;
};

std::vector<std::string> feature_columns(int n_particles, FeatureSet features);
// The truth columns m_ij = sqrt((p_i + p_j)^2) for i < j (in the chosen order), so that a
// mass spectrum (m_12 for a bump hunt) is at hand without being a feature.
std::vector<std::string> mass_columns(int n_particles);
// A table's columns: the features, then the masses.
std::vector<std::string> table_columns(int n_particles, FeatureSet features);
// Writes one event's row (table_columns(n).size() values) to `out`.
void event_row(std::span<const FourVector> event, double energy, const FeatureSpec& spec, double* out);
// The parity map p -> -p on every particle: the antipode of phase space; of one event, or of
// every event of a sample.
void apply_parity(std::span<FourVector> event);
void apply_parity(PhaseSpaceSample& sample);
// An event's momentum features (E_i, px_i, py_i, pz_i per particle, as feature_columns names
// them), and parity in those coordinates: the three-momenta flip, the energies stay (throws
// InputError unless the size is a positive multiple of 4).
Eigen::VectorXd momentum_features(std::span<const FourVector> event);
Eigen::VectorXd momentum_features_parity(const Eigen::VectorXd& features);
// The invariants s_ij = (p_i + p_j)^2 / E^2, i < j, of events given as rows of momentum
// features (4 n columns): one column each, in feature_columns' order. For reconstructed
// momenta too, which need not be massless nor conserve momentum. Throws InputError unless
// the columns are a positive multiple of 4.
Table momentum_invariants(const Table& momenta, double energy);
data::Dataset to_dataset(const PhaseSpaceSample& sample, double energy, const FeatureSpec& spec);

}  // namespace topae::physics
