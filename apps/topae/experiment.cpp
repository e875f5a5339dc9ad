// topae experiment <name> [flags] -o DIR
#include <fmt/core.h>

#include <memory>

#include "commands.hpp"
#include "topae/experiments/bump_hunt.hpp"
#include "topae/experiments/circle.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/phase_space.hpp"
#include "topae/experiments/surfaces.hpp"

namespace topae::cli {

namespace {

// The training flags every experiment shares.
void add_training_options(CLI::App& sub, experiments::TrainingConfig& t, std::string& activation) {
  sub.add_option("--n", t.n, "Training events")->capture_default_str();
  sub.add_option("--seeds", t.seeds, "Models per configuration (seeds --seed, --seed + 1, ...)")->capture_default_str();
  sub.add_option("--seed", t.first_seed, "First seed")->capture_default_str();
  sub.add_option("--epochs", t.epochs, "Training epochs")->capture_default_str();
  sub.add_option("--hidden", t.hidden, "Encoder hidden widths; the decoder mirrors them")
      ->delimiter(',')
      ->capture_default_str();
  sub.add_option("--activation", activation, "Activation")->capture_default_str();
  sub.add_option("--lr", t.lr, "Adam learning rate")->capture_default_str();
  sub.add_option("--batch", t.batch, "Mini-batch size")->capture_default_str();
  sub.add_option("--snapshot-every", t.snapshot_every, "Epochs between latent snapshots")->capture_default_str();
}

// Parses the shared flags into `t` (threads, quiet, activation) before an experiment runs.
void resolve(experiments::TrainingConfig& t, const std::string& activation, const CommonOptions& common) {
  t.activation = nn::activation_from_name(activation);
  t.threads = apply_threads(common);
  t.progress = !common.quiet;
}

// Registers `topae experiment NAME`: the shared training flags, `extra` for the experiment's
// own, and a callback that runs it and prints its summary.
template <typename Config, typename Run, typename Extra>
void add(CLI::App& experiment, const std::string& name, const std::string& help, Run run, Extra extra,
         std::string (*summary)(const nlohmann::json&) = &experiments::experiment_summary) {
  struct Options {
    Config config;
    std::string activation = "tanh";
    std::string output;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  opt->output = "out/" + name;
  auto* sub = experiment.add_subcommand(name, help);
  extra(*sub, opt->config);
  add_training_options(*sub, opt->config.training, opt->activation);
  sub->add_option("-o,--output", opt->output, "Output folder")->capture_default_str();
  add_common_options(*sub, opt->common);
  add_figure_options(*sub);
  sub->callback([opt, run, summary] {
    resolve(opt->config.training, opt->activation, opt->common);
    const auto results = run(opt->config, opt->output);
    if (!opt->common.quiet) fmt::print("{}results in {}/\n", summary(results), opt->output);
  });
}

}  // namespace

void add_experiment(CLI::App& app) {
  auto* experiment = app.add_subcommand("experiment", "Run one experiment of the study's suite into a folder");
  experiment->require_subcommand(1);

  using namespace experiments;
  add<CircleConfig>(
      *experiment, "circle",
      "The unit circle at latent dimensions k: seams, Borsuk-Ulam certificate, winding, latent during training",
      run_circle,
      [](CLI::App& sub, CircleConfig& c) {
        sub.add_option("--latent", c.latents, "Latent dimensions")->delimiter(',')->capture_default_str();
        sub.add_option("--noise", c.noise, "Gaussian noise on the training points")->capture_default_str();
      },
      circle_summary);
  add<SphereConfig>(*experiment, "sphere", "The unit 2-sphere at k = 2 (the forced antipodal pair) and k = 3", run_sphere,
                    [](CLI::App& sub, SphereConfig& c) {
                      sub.add_option("--latent", c.latents, "Latent dimensions")->delimiter(',')->capture_default_str();
                    });
  add<TorusConfig>(*experiment, "torus", "The torus in R^3 at k = 2 (seam curves) and k = 3", run_torus,
                   [](CLI::App& sub, TorusConfig& c) {
                     sub.add_option("--latent", c.latents, "Latent dimensions")->delimiter(',')->capture_default_str();
                     sub.add_option("--major-radius", c.major_radius, "R")->capture_default_str();
                     sub.add_option("--minor-radius", c.minor_radius, "r")->capture_default_str();
                   });
  add<DoubleConeConfig>(*experiment, "double-cone",
                        "Two cone sheets joined at the apex, sampled uniformly in area and in height", run_double_cone,
                        [](CLI::App& sub, DoubleConeConfig& c) {
                          sub.add_option("--latent", c.latents, "Latent dimensions")->delimiter(',')->capture_default_str();
                          sub.add_option("--apex-region", c.apex_region, "|z| below this is the apex")->capture_default_str();
                        });
  add<GapConfig>(*experiment, "gap",
                 "Holes the autoencoder fills in: the paraboloid with its centre excised (k = 2), the circle with an arc "
                 "removed (k = 1)",
                 run_gap, [](CLI::App& sub, GapConfig& c) {
                   sub.add_option("--r-max", c.r_max, "Paraboloid disk radius")->capture_default_str();
                   sub.add_option("--r-hole", c.r_hole, "Radius of the excised centre")->capture_default_str();
                   sub.add_option("--arc-gap", c.arc_gap, "Radians removed from the circle")->capture_default_str();
                   sub.add_option("--off-distance", c.off_distance, "Distance of the off-surface test points")
                       ->capture_default_str();
                   sub.add_option("--flag-fraction", c.flag_fraction, "Fraction of training points the threshold flags")
                       ->capture_default_str();
                 });
  add<OffManifoldConfig>(*experiment, "offmanifold", "The unit circle at k = 2, scored over the square [-1, 1]^2",
                         run_offmanifold, [](CLI::App& sub, OffManifoldConfig& c) {
                           sub.add_option("--grid", c.grid, "Test points per side of the square")->capture_default_str();
                         });
  add<ExtrinsicConfig>(*experiment, "extrinsic",
                       "One circle embedded three ways (planar, trefoil knot, nearly closed arc) at k = 1, 2, 3",
                       run_extrinsic, [](CLI::App& sub, ExtrinsicConfig& c) {
                         sub.add_option("--latent", c.latents, "Latent dimensions")->delimiter(',')->capture_default_str();
                         sub.add_option("--arc-gap", c.arc_gap, "The arc's missing angle")->capture_default_str();
                       });
  add<PhaseSpaceConfig>(
      *experiment, "phase-space",
      "Massless 3-body phase space: four-momenta (S^5) at k = 5, 6 with the parity certificate, invariants at k = 2",
      run_phase_space, [](CLI::App& sub, PhaseSpaceConfig& c) {
        auto features = std::make_shared<std::string>("both");
        auto latents = std::make_shared<std::vector<Index>>();
        sub.add_option("--features", *features, "momenta, invariants or both: the runs to make")->capture_default_str();
        sub.add_option("--latent", *latents, "Latent dimensions of the selected runs (default: 5,6 momenta, 2 invariants)")
            ->delimiter(',');
        sub.parse_complete_callback([&c, features, latents] { c.select(*features, *latents); });
        sub.add_option("--energy", c.energy, "Centre-of-mass energy E")->capture_default_str();
        sub.add_option("--momentum-latent", c.momentum_latents, "Latent dimensions for the four-momenta (empty: skip)")
            ->delimiter(',')
            ->capture_default_str();
        sub.add_option("--invariant-latent", c.invariant_latents, "Latent dimensions for the invariants s_ij (empty: skip)")
            ->delimiter(',')
            ->capture_default_str();
        sub.add_option("--n-test", c.n_test, "Uniform test events")->capture_default_str();
        sub.add_option("--worst-fraction", c.worst_fraction, "Share of the test set counted as worst reconstructed")
            ->capture_default_str();
        sub.add_option("--search-starts", c.search_starts, "Certificate searches from the closest-code pairs")
            ->capture_default_str();
      },
      phase_space_summary);
  add<BumpHuntConfig>(
      *experiment, "bump-hunt",
      "A resonance in 3-body phase space: AUC, SIC, BumpHunter before and after error cuts, sculpting, off-manifold "
      "contrast; trained on data and on background",
      run_bump_hunt,
      [](CLI::App& sub, BumpHuntConfig& c) {
        sub.add_option("--energy", c.energy, "Centre-of-mass energy E")->capture_default_str();
        sub.add_option_function<std::string>(
               "--resonance", [&c](const std::string& s) { c.resonance = physics::Resonance::parse(s); },
               "A,B:mass=M,width=G: the signal resonance")
            ->default_str(c.resonance.description());
        sub.add_option("--signal-fraction", c.signal_fraction, "Signal share of the data")->capture_default_str();
        sub.add_option("--events", c.events, "Data events (background + signal); also the background-only training size")
            ->capture_default_str();
        sub.add_option("--n-test", c.n_test, "Events per ROC test set")->capture_default_str();
        sub.add_option("--contrast-mass", c.contrast_mass, "Mass of particle 3 in the off-manifold contrast")
            ->capture_default_str();
        sub.add_option("--latent", c.latent, "Latent dimension")->capture_default_str();
        sub.add_option("--cut-quantiles", c.cut_quantiles, "Error quantiles to cut at (keep the events above)")
            ->delimiter(',')
            ->capture_default_str();
        sub.add_option("--bins", c.bins, "Bins of m_12 over [0, E)")->capture_default_str();
        sub.add_option("--max-width", c.max_width, "Widest BumpHunter window, in bins")->capture_default_str();
        sub.add_option("--pseudo", c.pseudo_experiments, "BumpHunter pseudo-experiments")->capture_default_str();
      },
      bump_hunt_summary);
}

}  // namespace topae::cli
