// topae generate <manifold> ... -o FILE
#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/stopwatch.hpp"

#include "commands.hpp"
#include "topae/data/generators/circle.hpp"
#include "topae/data/generators/double_cone.hpp"
#include "topae/data/generators/paraboloid.hpp"
#include "topae/data/generators/sphere.hpp"
#include "topae/data/generators/torus.hpp"
#include "topae/data/generators/trefoil.hpp"
#include "topae/data/generation_record.hpp"
#include "topae/data/table_reader.hpp"
#include "topae/data/table_writer.hpp"
#include "topae/physics/bump_hunt.hpp"
#include "topae/physics/features.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::cli {

namespace {

// The flags every generator shares (data::SampleSpec).
void add_sample_options(CLI::App& sub, data::SampleSpec& spec) {
  sub.add_option("--n,--events", spec.n, "Number of points on the manifold (cluster points come on top)")
      ->capture_default_str();
  sub.add_option("--seed", spec.seed, "Random seed")->capture_default_str();
  sub.add_option("--noise", spec.noise, "Standard deviation of isotropic Gaussian noise on every feature")
      ->capture_default_str();
  sub.add_option("--embed-dim", spec.embed_dim,
                 "Rotate into R^D by a seeded random orthogonal matrix; features become x1..xD (0: no embedding)")
      ->capture_default_str();
  sub.add_option("--cluster-fraction", spec.cluster_fraction,
                 "Add fraction*n extra points near a centre on the manifold, labelled 1 (others 0); 0: none")
      ->capture_default_str();
  sub.add_option("--cluster-width", spec.cluster_width, "Ambient distance from the centre within which cluster points lie")
      ->capture_default_str();
  sub.add_option("--cluster-centre", spec.cluster_centre,
                 "Cluster centre: the point of event I (before noise); -1: a point drawn from a dedicated stream")
      ->capture_default_str();
}

// Writes the rows [0, n_rows) that rows(first, count) makes to `output`, chunk by chunk (about
// TableReader::kChunkValues values each, as tables are read), so that memory holds one chunk
// whatever the number of events; the file appears only when complete. Returns its schema.
data::TableSchema write_in_chunks(const std::string& output, const data::WriteOptions& options, Index n_rows,
                                  Index columns, const std::function<data::Dataset(Index, Index)>& rows) {
  // Refused before any work when the table cannot fit.
  check_disk_space(output, data::minimum_table_bytes(output, options, n_rows, columns),
                   fmt::format("a table of {} x {} values", n_rows, columns));
  const Index chunk = std::max<Index>(1, data::TableReader::kChunkValues / std::max<Index>(columns, 1));
  std::optional<data::TableWriter> writer;
  for (Index first = 0; first < n_rows; first += chunk) {
    const data::Dataset d = rows(first, std::min(chunk, n_rows - first));
    if (!writer) writer.emplace(output, data::TableSchema::of(d), options);
    writer->append(d);
  }
  writer->commit();
  return writer->schema();
}

// Adds `topae generate NAME`: the shared flags, the geometry flags added by `geometry`,
// -o, --compression, --threads, --quiet; the callback samples `manifold` and writes the table.
template <class Spec>
void add_generator(CLI::App& parent, const std::string& name, const std::string& description, Spec defaults,
                   const std::function<void(CLI::App&, Spec&)>& geometry,
                   data::Manifold (*manifold)(const Spec&)) {
  struct Options {
    Spec spec;
    std::string output;
    data::WriteOptions write;
    CommonOptions common;
  };
  auto opt = std::make_shared<Options>();
  opt->spec = defaults;
  auto* sub = parent.add_subcommand(name, description);
  add_sample_options(*sub, opt->spec);
  geometry(*sub, opt->spec);
  sub->add_option("-o,--output", opt->output, "Output file (.csv or .h5)")->required();
  add_write_options(*sub, opt->write);
  add_common_options(*sub, opt->common);
  sub->callback([opt, name, manifold] {
    apply_threads(opt->common);
    opt->spec.validate();
    check_output_path(opt->output);
    const Stopwatch clock;
    const data::ManifoldSampler sampler(manifold(opt->spec), opt->spec);
    const auto schema = write_in_chunks(opt->output, opt->write, sampler.n_rows(), sampler.n_columns(),
                                        [&](Index first, Index count) { return sampler.rows(first, count); });
    data::write_generation_record("generate " + name, opt->spec.to_json(), schema, sampler.n_rows(), opt->output,
                                  clock.seconds());
    if (!opt->common.quiet) fmt::print("generated {} {} points -> {}\n", sampler.n_rows(), name, opt->output);
  });
}

void circle_flags(CLI::App& sub, data::CircleSpec& spec) {
  sub.add_option("--radius", spec.radius, "Radius")->capture_default_str();
  sub.add_option("--gap-width", spec.gap_width, "Radians of arc removed (0: the full circle)")->capture_default_str();
  // Shortest round-trip form: CLI11 would show 6 digits, a default that is not the default.
  sub.add_option("--gap-centre", spec.gap_centre, "Angle at the middle of the gap, in radians")
      ->default_str(fmt::format("{}", spec.gap_centre));
}

// The flags of `topae generate phase-space` and `bump-hunt`, parsed into library specs.
struct PhaseSpaceOptions {
  int particles = 3;
  std::string masses;  // comma-separated; empty: all massless
  std::string resonance;
  std::string features = "momenta";
  std::string order = "generated";
  double signal_fraction = 0.01;
  std::string output;
  data::WriteOptions write;
  CommonOptions common;
  physics::PhaseSpaceSpec spec;

  // Fills spec.masses, spec.resonance and the feature spec; throws InputError.
  physics::FeatureSpec resolve() {
    spec.masses = physics::parse_masses(masses, particles);
    if (!resonance.empty()) spec.resonance = physics::Resonance::parse(resonance);
    return {physics::parse_feature_set(features), physics::parse_particle_order(order)};
  }
};

void add_phase_space_flags(CLI::App& sub, PhaseSpaceOptions& o) {
  sub.add_option("--particles", o.particles, "Number n >= 2 of particles")->capture_default_str();
  sub.add_option("--energy", o.spec.energy, "Centre-of-mass energy E")->capture_default_str();
  sub.add_option("--masses", o.masses, "Comma-separated masses, one per particle (default: all 0)");
  sub.add_option("--n,--events", o.spec.n_events, "Number of events (bump-hunt: background plus signal)")
      ->capture_default_str();
  sub.add_option("--seed", o.spec.seed, "Random seed")->capture_default_str();
  sub.add_option("--resonance", o.resonance, "A,B:mass=M,width=G[,spin=S]: resonance X(M, G) -> particles A and B (spin 0 or 1)");
  sub.add_option("--features", o.features, "momenta (E_i, px_i, py_i, pz_i), invariants (s_ij = m_ij^2/E^2) or both")
      ->capture_default_str();
  sub.add_option("--order", o.order, "Particle order: generated or energy (decreasing)")->capture_default_str();
  sub.add_flag("--unweight", o.spec.unweight, "Unweight massive events by hit-or-miss (prints the efficiency)");
  sub.add_option("-o,--output", o.output, "Output file (.csv or .h5)")->required();
  add_write_options(sub, o.write);
  add_common_options(sub, o.common);
}

void add_phase_space(CLI::App& parent) {
  auto opt = std::make_shared<PhaseSpaceOptions>();
  auto* sub = parent.add_subcommand(
      "phase-space", "n-particle phase space by RAMBO (weights: Phi_n with (2 pi)^(4-3n)): columns E_i, px_i, ..., s_ij");
  add_phase_space_flags(*sub, *opt);
  sub->callback([opt] {
    apply_threads(opt->common);
    const auto features = opt->resolve();
    check_output_path(opt->output);
    const Stopwatch clock;
    physics::PhaseSpaceGenerator generator(opt->spec);
    physics::PhaseSpaceSample sample;
    const auto n_particles = static_cast<int>(opt->spec.masses.size());
    const auto columns = static_cast<Index>(physics::table_columns(n_particles, features.features).size());
    const auto schema = write_in_chunks(opt->output, opt->write, generator.n_events(), columns, [&](Index first, Index count) {
      generator.events(first, count, sample);
      return physics::to_dataset(sample, opt->spec.energy, features);
    });
    nlohmann::json settings = opt->spec.to_json();
    settings["features"] = features.to_json();
    data::write_generation_record(
        "generate phase-space", settings, schema, generator.n_events(), opt->output, clock.seconds(),
        {{"unweighting", opt->spec.unweight ? sample.unweighting_json() : nlohmann::json(nullptr)}});
    if (!opt->common.quiet) {
      fmt::print("generated {} phase-space events ({} particles, E = {}) -> {}\n", generator.n_events(), n_particles,
                 opt->spec.energy, opt->output);
      if (opt->spec.unweight) {
        fmt::print("unweighting: efficiency {:.6g} ({} trials), bound {:.6g}, {} trials over the bound\n",
                   sample.efficiency, sample.trials, sample.weight_bound, sample.overweight);
      }
    }
  });

  auto bopt = std::make_shared<PhaseSpaceOptions>();
  auto* bump = parent.add_subcommand("bump-hunt",
                                     "Phase-space background plus a resonance signal fraction: label 0 background, 1 signal");
  add_phase_space_flags(*bump, *bopt);
  bump->add_option("--signal-fraction", bopt->signal_fraction, "Fraction of signal events, in [0, 1]")
      ->capture_default_str();
  bump->callback([bopt] {
    apply_threads(bopt->common);
    physics::BumpHuntSpec spec;
    spec.features = bopt->resolve();
    spec.phase_space = bopt->spec;
    spec.signal_fraction = bopt->signal_fraction;
    check_output_path(bopt->output);
    const Stopwatch clock;
    physics::BumpHuntGenerator generator(spec);
    const auto columns =
        static_cast<Index>(physics::table_columns(static_cast<int>(spec.phase_space.masses.size()), spec.features.features).size());
    const auto schema = write_in_chunks(bopt->output, bopt->write, generator.n_events(), columns,
                                        [&](Index first, Index count) { return generator.rows(first, count); });
    data::write_generation_record("generate bump-hunt", spec.to_json(), schema, generator.n_events(), bopt->output,
                                  clock.seconds(), {{"signal_events", generator.signal_events()}});
    if (!bopt->common.quiet) {
      fmt::print("generated {} bump-hunt events ({} signal) -> {}\n", generator.n_events(), generator.signal_events(),
                 bopt->output);
    }
  });
}

}  // namespace

void add_generate(CLI::App& app) {
  auto* generate = app.add_subcommand("generate", "Generate a data set (CSV or HDF5, by the output's extension)");
  generate->require_subcommand(1);

  add_generator<data::CircleSpec>(*generate, "circle",
                                  "Circle of radius R in R^2, uniform in angle (optionally with an arc gap): "
                                  "columns x, y, theta",
                                  data::CircleSpec{}, circle_flags, data::circle_manifold);
  add_generator<data::CircleSpec>(*generate, "arc",
                                  "Nearly closed arc: the circle with a gap (default 0.3 rad): columns x, y, theta",
                                  data::arc_spec(), circle_flags, data::circle_manifold);
  add_generator<data::SphereSpec>(
      *generate, "sphere",
      "d-sphere of radius R in R^(d+1), uniform: columns x, y, z, theta, phi (d = 2) or x1.., angle_1..",
      data::SphereSpec{},
      [](CLI::App& sub, data::SphereSpec& spec) {
        sub.add_option("--dim", spec.dim, "Dimension d of the sphere (ambient dimension d + 1)")->capture_default_str();
        sub.add_option("--radius", spec.radius, "Radius")->capture_default_str();
      },
      data::sphere_manifold);
  add_generator<data::TorusSpec>(
      *generate, "torus", "Torus in R^3, uniform in area: columns x, y, z, u, v", data::TorusSpec{},
      [](CLI::App& sub, data::TorusSpec& spec) {
        sub.add_option("--major-radius", spec.major_radius, "R: distance from the z axis to the tube's centre")
            ->capture_default_str();
        sub.add_option("--minor-radius", spec.minor_radius, "r: radius of the tube, below R")->capture_default_str();
      },
      data::torus_manifold);
  add_generator<data::DoubleConeSpec>(
      *generate, "double-cone", "Two cone sheets joined at the apex: columns x, y, z, height, phi",
      data::DoubleConeSpec{},
      [](CLI::App& sub, data::DoubleConeSpec& spec) {
        sub.add_option("--height", spec.height, "h: z spans [-h, h]")->capture_default_str();
        sub.add_option("--slope", spec.slope, "Cone radius per unit |z|")->capture_default_str();
        sub.add_option_function<std::string>(
               "--sampling", [&spec](const std::string& s) { spec.sampling = data::parse_cone_sampling(s); },
               "area (uniform in surface area) or height (uniform in z, denser at the apex)")
            ->default_str(data::cone_sampling_name(spec.sampling))
            ->check(CLI::IsMember({"area", "height"}));
      },
      data::double_cone_manifold);
  add_generator<data::ParaboloidSpec>(
      *generate, "paraboloid", "Paraboloid z = x^2 + y^2 over an annulus, uniform in (x, y): columns x, y, z, r, phi",
      data::ParaboloidSpec{},
      [](CLI::App& sub, data::ParaboloidSpec& spec) {
        sub.add_option("--r-max", spec.r_max, "Outer radius in the x-y plane")->capture_default_str();
        sub.add_option("--r-hole", spec.r_hole, "Radius of the excised centre (0: none)")->capture_default_str();
      },
      data::paraboloid_manifold);
  add_generator<data::TrefoilSpec>(
      *generate, "trefoil", "Trefoil knot in R^3, uniform in its parameter t: columns x, y, z, t", data::TrefoilSpec{},
      [](CLI::App&, data::TrefoilSpec&) {}, data::trefoil_manifold);
  add_phase_space(*generate);
}

}  // namespace topae::cli
