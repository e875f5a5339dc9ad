#pragma once
// Generating n_events phase-space events with RAMBO on all OpenMP threads.
//
// Event i is drawn from RandomStream(seed, stream_tag | i) (with unweighting: its hit-or-miss trials
// follow one another in that stream), so the events are identical for any thread count.
// The pilot run that estimates the unweighting bound uses the streams
// (seed, kPilotStreamTag | j), j < pilot_events, which never meet the events' streams.
//
// With a resonance, every event is a signal event (see Resonance).
//
// Unweighting (massive particles; massless weights are constant, so it is a no-op there):
// event i draws weighted events until u < w / bound (u uniform from the same stream). The
// bound is `weight_bound` if > 0, else 1.1 x the largest weight of the pilot run. Every
// unweighted event carries the weight bound x efficiency, an estimate of Phi_n; trials with
// w > bound are counted in `overweight` (they are accepted, as in any hit-or-miss with an
// estimated bound, and bias the sample slightly: check overweight == 0).
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "topae/core/matrix.hpp"
#include "topae/physics/four_vector.hpp"

namespace topae::physics {

inline constexpr std::uint64_t kPilotStreamTag = std::uint64_t{1} << 56;
// Streams of the signal events of generate_bump_hunt (bump_hunt.hpp).
inline constexpr std::uint64_t kSignalStreamTag = std::uint64_t{2} << 56;

// A resonance X(mass, width) decaying to particles daughter_1 and daughter_2 (1-based,
// distinct). Signal events: m_X is drawn from the relativistic Breit-Wigner in s = m_X^2,
//   dP/ds ~ 1 / ((s - M^2)^2 + M^2 Gamma^2),
// truncated to the kinematic range m_a + m_b <= m_X <= E - (sum of the other masses)
// (sampled exactly: s = M^2 + M Gamma tan(theta), theta uniform between the range's
// angles). The pole M must lie inside that range (m_a + m_b < M < E - others) and the
// width must be positive: PhaseSpaceSpec::validate rejects anything else, naming
// --resonance and the range. X and the other n - 2
// particles are made by RAMBO at energy E; X decays isotropically in its rest frame to the
// daughters. Particles come out in the same order as background (daughter_1 at position
// daughter_1, ...). A signal event's weight is the (n-1)-body RAMBO weight times the decay's
// two-body volume Phi_2(m_X; m_a, m_b) (rambo.hpp's normalisation); it omits the
// Breit-Wigner density, so it is not on the same footing as background weights: a bump
// hunt uses the signal's label and count, not its weights.
struct Resonance {
  int daughter_1 = 1;  // --resonance A,B:mass=M,width=G[,spin=S]
  int daughter_2 = 2;
  double mass = 500.0;
  double width = 5.0;
  // The decay's angular distribution in X's rest frame, in the helicity angle theta (daughter
  // 1's direction against X's flight): spin 0 isotropic; spin 1 the helicity-0 vector that a
  // spin-0 parent decaying to X and spin-0 particles makes, dN/dcos(theta) = (3/2) cos^2(theta).
  int spin = 0;

  // Parses "A,B:mass=M,width=G[,spin=S]" (mass and width required, S 0 or 1); throws
  // InputError naming --resonance.
  // Whether M and G make sense for the particles and the energy is PhaseSpaceSpec::validate's job.
  static Resonance parse(const std::string& text);
  std::string description() const;  // the same form (spin only when not 0)
};
// JSON: the description's text, as --resonance takes it.
void to_json(nlohmann::json& j, const Resonance& r);
void from_json(const nlohmann::json& j, Resonance& r);
// The truncated Breit-Wigner CDF in m = m_X over [lo, hi] (width > 0), for tests.
double breit_wigner_cdf(double m, double mass, double width, double lo, double hi);

// The most particles an event may have (--particles): RAMBO's weights hold E^(2n - 4) and
// the tables 4 n + n (n - 1) / 2 columns, so a few dozen is already far beyond any use.
inline constexpr int kMaxParticles = 100;

// The masses of `--masses TEXT` for `--particles n`: "" gives n massless particles, else
// TEXT must be n comma-separated numbers. Throws InputError naming --particles (n outside
// 2..kMaxParticles) or --masses (a field that is not a number, the wrong count). Whether the
// masses fit the energy is PhaseSpaceSpec::validate's job.
std::vector<double> parse_masses(const std::string& text, int n_particles);

struct PhaseSpaceSpec {
  double energy = 1000.0;                    // --energy: centre-of-mass energy E
  std::vector<double> masses = {0, 0, 0};    // --masses: one per particle (n = size)
  Index n_events = 10000;                    // --n (alias --events)
  std::uint64_t seed = 1;                    // --seed
  bool unweight = false;                     // --unweight: hit-or-miss against the bound
  double weight_bound = 0.0;                 // bound for unweighting; 0: from the pilot run
  Index pilot_events = 100000;               // events of the pilot run
  std::optional<Resonance> resonance;        // --resonance: signal events (needs n >= 3, no unweighting)
  std::uint64_t stream_tag = 0;              // event i uses stream (seed, stream_tag | i)

  // Throws InputError naming the flag.
  void validate() const;
  nlohmann::json to_json() const;
};

struct PhaseSpaceSample {
  int n_particles = 0;
  std::vector<FourVector> momenta;  // n_events x n_particles, event-major
  std::vector<double> weight;       // n_events
  // Unweighting statistics (trials = n_events, efficiency = 1, overweight = 0 without it).
  Index trials = 0;
  double efficiency = 1.0;
  double weight_bound = 0.0;
  Index overweight = 0;

  Index n_events() const { return static_cast<Index>(weight.size()); }
  // {"trials", "efficiency", "weight_bound", "overweight"}: a generation record's "unweighting".
  nlohmann::json unweighting_json() const;
  std::span<const FourVector> event(Index i) const {
    return {momenta.data() + i * n_particles, static_cast<std::size_t>(n_particles)};
  }
};

// generate_phase_space chunk by chunk, for samples of any size: events(first, count, out)
// gives the events [first, first + count) of the sample, equal to those rows of the whole.
// Unweighted events all carry bound x efficiency, and the efficiency needs every event's
// trials: the first call for part of an unweighted massive sample counts them by drawing
// every event once without keeping it (about the cost of the sample again); a call for the
// whole sample does not.
class PhaseSpaceGenerator {
 public:
  // Validates `spec` (InputError naming the flag); runs the pilot when the bound is needed.
  explicit PhaseSpaceGenerator(const PhaseSpaceSpec& spec);
  Index n_events() const { return spec_.n_events; }
  // Reuses `out`'s storage; its unweighting statistics are the whole sample's.
  void events(Index first, Index count, PhaseSpaceSample& out);

 private:
  struct Trials {
    Index trials = 0;
    Index overweight = 0;
  };
  // Hit-or-miss for events [first, first + count), into `momenta` (count x n), or only
  // counted when `momenta` is null.
  Trials hit_or_miss(Index first, Index count, FourVector* momenta) const;

  PhaseSpaceSpec spec_;
  bool hit_or_miss_ = false;     // unweighting massive particles
  double bound_ = 0.0;           // the unweighting bound (with --unweight)
  std::optional<Trials> totals_;  // the whole sample's, once counted
};

PhaseSpaceSample generate_phase_space(const PhaseSpaceSpec& spec);
// The same into `out`, reusing its storage: no allocation when it already holds as many
// events (generating batch after batch, or timing the generator alone).
void generate_phase_space(const PhaseSpaceSpec& spec, PhaseSpaceSample& out);

}  // namespace topae::physics
