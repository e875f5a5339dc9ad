#include "topae/experiments/phase_space.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "topae/analysis/score_table.hpp"
#include "topae/analysis/thresholds.hpp"
#include "topae/core/checks.hpp"
#include "topae/core/error.hpp"
#include "topae/core/rng.hpp"
#include "topae/experiments/models.hpp"
#include "topae/physics/features.hpp"
#include "topae/physics/phase_space.hpp"
#include "topae/report/figure_writer.hpp"
#include "topae/report/layers.hpp"

namespace topae::experiments {

namespace {

// The Dalitz plane of X -> 1 2 3: s_ij = m_ij^2 / E^2, drawn as (s_12, s_23).
struct Dalitz {
  Eigen::VectorXd s12, s13, s23;
};

Dalitz dalitz(const physics::PhaseSpaceSample& sample, double energy) {
  physics::FeatureSpec f;
  f.features = physics::FeatureSet::invariants;
  const auto d = physics::to_dataset(sample, energy, f);
  return {column(d, "s_12"), column(d, "s_13"), column(d, "s_23")};
}

// s_12 and s_23 of the reconstructed test events: the invariants are the features, or follow
// from the reconstructed momenta.
std::pair<Eigen::VectorXd, Eigen::VectorXd> reconstructed_dalitz(const TrainedModel& m, bool momenta, double energy) {
  const Table rec = m.scores.at("test").select(analysis::reconstruction_columns(m.model().columns), "test");
  const Table s = momenta ? physics::momentum_invariants(rec, energy) : rec;  // s_12, s_13, s_23
  return {s.col(0), s.col(2)};
}

report::Layer triangle_layer() {
  return report::xy_layer(report::Style::lines, {"s_12", "s_23"},
                          {Eigen::Vector4d(0, 1, 0, 0), Eigen::Vector4d(0, 0, 1, 0)}, "kinematic boundary");
}

report::FigureSpec dalitz_figure(const std::string& title) {
  report::FigureSpec f;
  f.title = title;
  f.x = {"s_12 = m_12^2 / E^2", report::Range{-0.05, 1.05}, false};
  f.y = {"s_23 = m_23^2 / E^2", report::Range{-0.05, 1.05}, false};
  f.square = true;
  f.legend = report::Legend::below;
  return f;
}

report::ColorBar loss_color_bar() {
  report::ColorBar c;
  c.label = "loss (standardized)";
  c.log = true;
  return c;
}

// Where the worst-reconstructed events sit, against where all events sit; `worst` gets
// their indices.
PhaseSpaceWorst worst_events(const Eigen::VectorXd& error, const Dalitz& d, const PhaseSpaceConfig& config,
                             std::vector<Index>& worst) {
  enum Region { corner, edge, interior };
  const Index n = error.size();
  std::vector<Region> region(static_cast<std::size_t>(n));
  std::array<double, 3> all{};
  for (Index i = 0; i < n; ++i) {
    const double s_max = std::max({d.s12[i], d.s13[i], d.s23[i]}), s_min = std::min({d.s12[i], d.s13[i], d.s23[i]});
    // Massless: the particle opposite the pair ij has x_k = 1 - s_ij.
    region[i] = 1 - s_max < config.soft ? corner : (s_min < config.collinear ? edge : interior);
    all[region[i]] += 1.0 / static_cast<double>(n);
  }
  const auto threshold = analysis::threshold_for_fraction(error, config.worst_fraction);
  worst.clear();
  std::array<double, 3> among_worst{};
  for (Index i = 0; i < n; ++i) {
    if (error[i] > threshold.value) {
      worst.push_back(i);
      among_worst[region[i]] += 1;
    }
  }
  const auto share = [&](Region r) {
    const double of_worst = worst.empty() ? 0.0 : among_worst[r] / static_cast<double>(worst.size());
    return PhaseSpaceRegion{of_worst, all[r], all[r] > 0 ? of_worst / all[r] : 0.0};
  };
  return {config.worst_fraction, threshold.value, static_cast<Index>(worst.size()), share(corner), share(edge),
          share(interior)};
}

// The three Dalitz-plane figures of one model; those of the first seed go into the report.
void write_figures(const std::filesystem::path& dir, const std::string& features, const TrainedModel& m,
                   const Dalitz& d, const std::pair<Eigen::VectorXd, Eigen::VectorXd>& reconstructed,
                   const Eigen::VectorXd& error, const std::vector<Index>& worst, const PhaseSpaceConfig& config,
                   std::vector<FigureRef>& shown) {
  const bool momenta = features == "momenta";
  const auto& [r12, r23] = reconstructed;
  const auto label = fmt::format("{}, k = {}, seed {}", features, m.k, m.seed);
  const auto stem = features + "/" + model_folder(m.k, m.seed) + "/";
  const bool first = m.seed == config.training.first_seed;

  auto loss = dalitz_figure("Loss over the Dalitz plane (" + label + ")");
  loss.color_bar = loss_color_bar();
  loss.layers.push_back(report::xy_layer(report::Style::colored_points, {"s_12", "s_23", "loss"}, {d.s12, d.s23, error}));
  loss.layers.push_back(triangle_layer());
  const auto loss_ref =
      write_figure(loss, dir, stem + "dalitz_loss", fmt::format("Loss over the Dalitz plane, {}, k = {}", features, m.k));
  if (first) shown.push_back(loss_ref);

  auto rec = dalitz_figure("Reconstructions in the Dalitz plane (" + label + ")");
  rec.x.range = rec.y.range = report::Range{-0.25, 1.25};
  rec.color_bar = loss_color_bar();
  rec.layers.push_back(report::xy_layer(report::Style::colored_points, {"rec_s_12", "rec_s_23", "loss"}, {r12, r23, error}));
  rec.layers.push_back(triangle_layer());
  const auto rec_ref = write_figure(rec, dir, stem + "dalitz_reconstruction",
                                    fmt::format("Reconstructions in the Dalitz plane, {}, k = {}", features, m.k));
  // Where Borsuk-Ulam forces a tear, the report shows where the reconstructions go.
  if (first && momenta && m.k <= 5) shown.push_back(rec_ref);

  auto where = dalitz_figure(fmt::format("The worst {:g} % of events (", 100 * config.worst_fraction) + label + ")");
  Eigen::VectorXd w12(static_cast<Index>(worst.size())), w23(static_cast<Index>(worst.size()));
  for (std::size_t k = 0; k < worst.size(); ++k) {
    w12[static_cast<Index>(k)] = d.s12[worst[k]];
    w23[static_cast<Index>(k)] = d.s23[worst[k]];
  }
  where.layers.push_back(report::xy_layer(report::Style::points, {"s_12", "s_23"}, {d.s12, d.s23}, "test events"));
  where.layers.back().color = "#c7c7c7";
  if (!worst.empty()) {
    where.layers.push_back(report::xy_layer(report::Style::points, {"s_12", "s_23"}, {w12, w23}, "worst reconstructed"));
    where.layers.back().color = "#d62728";
    where.layers.back().point_size = 1.2;
  }
  where.layers.push_back(triangle_layer());
  write_figure(where, dir, stem + "dalitz_worst", fmt::format("The worst-reconstructed events, {}, k = {}", features, m.k));
}

// The share of reconstructions outside the kinematic triangle s_12, s_23 >= 0, s_12 + s_23 <= 1.
double outside_triangle(const Eigen::VectorXd& r12, const Eigen::VectorXd& r23) {
  Index outside = 0;
  for (Index i = 0; i < r12.size(); ++i) outside += r12[i] < 0 || r23[i] < 0 || r12[i] + r23[i] > 1;
  return static_cast<double>(outside) / static_cast<double>(r12.size());
}

physics::PhaseSpaceSample massless_sample(double energy, Index n, std::uint64_t seed) {
  physics::PhaseSpaceSpec spec;
  spec.energy = energy;
  spec.masses = {0, 0, 0};
  spec.n_events = n;
  spec.seed = seed;
  return physics::generate_phase_space(spec);
}

struct FeatureRun {
  const char* name;
  physics::FeatureSet features;
  const std::vector<Index>* latents;
};

}  // namespace

void PhaseSpaceConfig::validate() const {
  std::vector<Index> latents = momentum_latents;
  latents.insert(latents.end(), invariant_latents.begin(), invariant_latents.end());
  training.validate(latents);
  if (!(energy > 0 && std::isfinite(energy))) throw InputError(fmt::format("--energy must be positive, got {}", energy));
  checks::check_flag_at_least("--n-test", n_test, 10);
  if (!(worst_fraction > 0 && worst_fraction < 1)) {
    throw InputError(fmt::format("--worst-fraction must lie in (0, 1), got {}", worst_fraction));
  }
  if (search_starts < 0) throw InputError(fmt::format("--search-starts must be >= 0, got {}", search_starts));
  // Not flags: set in a config only.
  if (!(soft > 0 && soft < 1)) throw InputError(fmt::format("phase-space: soft must lie in (0, 1), got {}", soft));
  if (!(collinear > 0 && collinear < 1)) {
    throw InputError(fmt::format("phase-space: collinear must lie in (0, 1), got {}", collinear));
  }
}

PhaseSpaceResult run_phase_space(const PhaseSpaceConfig& config, const std::filesystem::path& dir) {
  const std::uint64_t seed = config.training.first_seed;
  const auto train = massless_sample(config.energy, config.training.n, named_seed(seed, "train"));
  const auto test = massless_sample(config.energy, config.n_test, named_seed(seed, "test"));
  auto parity = test;
  physics::apply_parity(parity);
  const Dalitz d = dalitz(test, config.energy);

  PhaseSpaceResult result;
  for (const FeatureRun& run : {FeatureRun{"momenta", physics::FeatureSet::momenta, &config.momentum_latents},
                                FeatureRun{"invariants", physics::FeatureSet::invariants, &config.invariant_latents}}) {
    if (run.latents->empty()) continue;
    const bool momenta = run.features == physics::FeatureSet::momenta;
    physics::FeatureSpec f;
    f.features = run.features;
    std::map<std::string, data::Dataset> tests = {{"test", physics::to_dataset(test, config.energy, f)}};
    if (momenta) tests["antipodes"] = physics::to_dataset(parity, config.energy, f);
    const auto models = train_and_score(dir / run.name, physics::to_dataset(train, config.energy, f), *run.latents,
                                        config.training, tests, {});
    for (const auto& m : models) {
      const Eigen::VectorXd error = column(m.scores.at("test"), "error");
      const auto reconstructed = reconstructed_dalitz(m, momenta, config.energy);
      std::vector<Index> worst;
      result.runs.push_back({run.name, m.k, m.seed, analysis::error_quantiles(error).to_json(),
                             outside_triangle(reconstructed.first, reconstructed.second),
                             worst_events(error, d, config, worst)});
      if (momenta) result.certificates.push_back(parity_certificate(m.model(), m.seed, m.scores.at("test"), m.scores.at("antipodes"), test,
                                                                config.search_starts));
      write_figures(dir, run.name, m, d, reconstructed, error, worst, config, result.figures);
      if (momenta && m.k <= 5 && m.seed == seed) {
        result.snapshots.push_back({std::string(run.name) + "/" + model_folder(m.k, m.seed) + "/latent_snapshots.csv",
                                    fmt::format("momenta, k = {}", m.k), "m_12"});
      }
    }
  }
  return result;
}

namespace {

// One number per model on `features` (of latent dimension k; 0: any).
template <typename F>
std::vector<double> per_model(const PhaseSpaceResult& r, const std::string& features, Index k, F value) {
  std::vector<double> out;
  for (const auto& run : r.runs)
    if (run.features == features && (k == 0 || run.latent == k)) out.push_back(value(run));
  return out;
}

std::vector<double> corner_enrichment(const PhaseSpaceResult& r) {
  return per_model(r, "invariants", 2, [](const PhaseSpaceRun& x) { return x.worst.corner.enrichment; });
}

std::vector<double> certificate_ratios(const PhaseSpaceResult& r, Index k) {
  return per_run(r.certificates, k, &ParityCertificate::bound_over_floor);
}
std::vector<double> code_gaps(const PhaseSpaceResult& r, Index k) {
  return per_run(r.certificates, k, &ParityCertificate::code_gap);
}
// The codes of an event and its parity image coincide below this share of their typical distance.
constexpr double kCoincide = 0.01;

std::string summary(const PhaseSpaceResult& r) {
  const double fraction = r.runs.empty() ? 0.0 : r.runs.front().worst.fraction;
  std::string out = fmt::format(
      "phase-space: worst {:g} % of a uniform test set, and the parity certificate (standardized L2)\n", 100 * fraction);
  for (const auto& run : r.runs) {
    const auto& corner = run.worst.corner;
    out += fmt::format("  {:<10} k={} seed={}  max loss {:.3g}  worst in corners {:.0f} % (corners hold {:.1f} %)",
                       run.features, run.latent, run.seed, run.error_quantiles.at("max").get<double>(),
                       100 * corner.share_of_worst, 100 * corner.share_of_all);
    for (const auto& c : r.certificates)
      if (run.features == "momenta" && c.latent == run.latent && c.seed == run.seed)
        out += fmt::format("  certificate {:.3f} / floor {:.3f}", c.bound, c.floor);
    out += "\n";
  }
  return out;
}

}  // namespace

Experiment phase_space_experiment() {
  using C = PhaseSpaceConfig;
  using R = PhaseSpaceResult;
  Definition<C, R> d;
  d.name = "phase-space";
  d.title = "Three-body phase space";
  d.help = "Massless 3-body phase space: four-momenta (S^5) at k = 5, 6 with the parity certificate, invariants at k = 2";
  d.text =
      "Massless three-body phase space is a 5-sphere in the four-momenta. At k = 5 Borsuk-Ulam forces an event and "
      "its parity image onto one code, so one of them is reconstructed at least |x - Ax| / 2 away; the search over "
      "phase space finds such a pair. From the invariants s_ij (a triangle), the loss is highest at the corners, "
      "the soft limits, and reconstructions leave the triangle.";
  // --features and --latent refine the two lists of latent dimensions, in this order; they
  // show no value of their own: the lists below hold it (and rerun the experiment).
  d.parameters = {
      {"features", "momenta, invariants or both: the runs to make (applied before --latent)",
       [](C& c, std::string_view text) {
         const auto set = physics::parse_feature_set(std::string(text));
         if (set == physics::FeatureSet::invariants) c.momentum_latents.clear();
         if (set == physics::FeatureSet::momenta) c.invariant_latents.clear();
       },
       [](const C&) { return std::string("both"); }},
      {"latent", "Latent dimensions of the runs --features selects (default: 5,6 momenta, 2 invariants); "
       "--momentum-latent and --invariant-latent, applied after it, override it",
       [](C& c, std::string_view text) {
         std::vector<Index> latents;
         parse_value(text, "--latent", latents);
         for (auto* selected : {&c.momentum_latents, &c.invariant_latents})
           if (!selected->empty()) *selected = latents;
       },
       [](const C&) { return std::string(); }},
      parameter<C>("energy", "Centre-of-mass energy E", [](C& c) -> double& { return c.energy; }),
      parameter<C>("momentum-latent", "Latent dimensions for the four-momenta (empty: skip)",
                   [](C& c) -> std::vector<Index>& { return c.momentum_latents; }),
      parameter<C>("invariant-latent", "Latent dimensions for the invariants s_ij (empty: skip)",
                   [](C& c) -> std::vector<Index>& { return c.invariant_latents; }),
      parameter<C>("n-test", "Uniform test events", [](C& c) -> Index& { return c.n_test; }),
      parameter<C>("worst-fraction", "Share of the test set counted as worst reconstructed",
                   [](C& c) -> double& { return c.worst_fraction; }),
      parameter<C>("search-starts", "Certificate searches from the closest-code pairs",
                   [](C& c) -> int& { return c.search_starts; }),
  };
  d.run = run_phase_space;
  d.summary = summary;
  d.claims = {
      {"k5-parity-floor", "momenta, k = 5: the parity certificate reaches the floor min |x - Ax| / 2",
       "smallest certificate / floor over seeds, momenta, k = 5", at_least(0.9),
       "Borsuk-Ulam gives some event and its parity image one code at k = 5, so one of them is reconstructed at "
       "least |x - Ax| / 2 >= the floor away; the search from a few sample pairs may stop a few per cent short of "
       "the exact pair",
       [](const R& r) { return smallest(certificate_ratios(r, 5)); }},
      {"k5-codes-coincide", "momenta, k = 5: the certificate comes from codes that coincide, as Borsuk-Ulam forces",
       "largest over seeds of the closest |E(x) - E(Ax)| found over the median |E(x) - E(Ax)|, momenta, k = 5",
       below(kCoincide),
       "the theorem gives an exact coincidence, which the search finds to the network's precision (1e-7 to 1e-4 of "
       "the typical gap); an encoder that keeps every event apart from its image keeps a gap of the typical size",
       [](const R& r) { return largest(code_gaps(r, 5)); }},
      {"k6-codes-apart", "momenta, k = 6: nothing forces a coincidence, and the codes stay apart (the control)",
       "smallest over seeds of the same ratio, momenta, k = 6", at_least(kCoincide),
       "a 6-dimensional code can keep the 5-sphere and its parity images apart; if training made codes coincide "
       "anyway, the k = 5 claim would not show topology, and this control fails",
       [](const R& r) { return smallest(code_gaps(r, 6)); }},
      {"k2-corners", "invariants, k = 2: the worst-reconstructed events sit in the corners (soft limits)",
       "smallest over seeds of the corners' share of the worst 1 % over their share of all events, invariants, k = 2",
       at_least(10),
       "the corners hold about 1 % of uniform events, so by chance the worst 1 % of 4000 would hold ~0.4 corner "
       "events; ten times that share is 4 or more, which chance gives with probability ~5e-4",
       [](const R& r) { return smallest(corner_enrichment(r)); }},
  };
  d.numbers = [](const R& r, const C& c) {
    std::vector<Number> n;
    for (const Index k : c.momentum_latents) {
      if (const auto ratios = certificate_ratios(r, k); !ratios.empty()) {
        n.push_back({fmt::format("momenta, k = {}: certificate / floor{}", k, k > 5 ? " (nothing forces it)" : ""),
                     value_span(ratios)});
        n.push_back({fmt::format("momenta, k = {}: code gap of the closest pair / the median gap", k),
                     value_span(code_gaps(r, k))});
      }
    }
    if (const auto corners = corner_enrichment(r); !corners.empty())
      n.push_back({"invariants, k = 2: corners' share of the worst events over their share of all",
                   value_span(corners, 0)});
    const auto outside =
        per_model(r, "momenta", 0, [](const PhaseSpaceRun& x) { return x.reconstructions_outside_triangle; });
    if (!outside.empty()) n.push_back({"momenta: reconstructions outside the kinematic triangle", value_span(outside)});
    return n;
  };
  return Experiment(std::move(d));
}

}  // namespace topae::experiments
