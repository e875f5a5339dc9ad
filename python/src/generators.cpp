// Event generators: RAMBO phase space and the bump-hunt sample, the events `topae generate
// phase-space` and `topae generate bump-hunt` write for the same settings.
#include <string>
#include <vector>

#include "background.hpp"
#include "bindings.hpp"
#include "topae/core/threads.hpp"
#include "topae/physics/bump_hunt.hpp"
#include "topae/physics/phase_space.hpp"

namespace topae::python {

namespace {

physics::PhaseSpaceSpec phase_space_spec(int particles, double energy, const std::string& masses, Index events,
                                         std::uint64_t seed, bool unweight, const std::string& resonance) {
  physics::PhaseSpaceSpec spec;
  spec.energy = energy;
  spec.masses = physics::parse_masses(masses, particles);
  spec.n_events = events;
  spec.seed = seed;
  spec.unweight = unweight;
  if (!resonance.empty()) spec.resonance = physics::Resonance::parse(resonance);
  return spec;
}

// A table as Python sees it (topae/_tables.py turns it into a DataFrame or a dict).
py::dict dataset_dict(data::Dataset d) {
  py::dict out;
  out["columns"] = d.columns;
  out["truth"] = d.truth;
  out["values"] = std::move(d.values);
  out["label"] = d.label ? py::cast(std::move(*d.label)) : py::none();
  out["weight"] = d.weight ? py::cast(std::move(*d.weight)) : py::none();
  return out;
}

}  // namespace

void bind_generators(py::module_& m) {
  // The massless and massive RAMBO sample: momenta (events x particles x 4: E, px, py, pz)
  // and weights, with the unweighting statistics.
  m.def(
      "rambo",
      [](int particles, double energy, const std::string& masses, Index events, std::uint64_t seed, bool unweight,
         int threads) {
        const auto spec = phase_space_spec(particles, energy, masses, events, seed, unweight, "");
        auto sample = run_without_gil([&] {
          set_threads(threads);
          return physics::generate_phase_space(spec);
        });
        py::array_t<double> momenta({sample.n_events(), static_cast<Index>(particles), Index{4}});
        auto out = momenta.mutable_unchecked<3>();
        for (Index i = 0; i < sample.n_events(); ++i) {
          const auto event = sample.event(i);
          for (int p = 0; p < particles; ++p) {
            out(i, p, 0) = event[p].e();
            out(i, p, 1) = event[p].px();
            out(i, p, 2) = event[p].py();
            out(i, p, 3) = event[p].pz();
          }
        }
        py::array_t<double> weights(static_cast<py::ssize_t>(sample.weight.size()), sample.weight.data());
        return py::make_tuple(momenta, weights, dump(sample.unweighting_json()));
      },
      py::arg("particles"), py::arg("energy"), py::arg("masses"), py::arg("events"), py::arg("seed"),
      py::arg("unweight"), py::arg("threads"));

  m.def(
      "bump_hunt",
      [](int particles, double energy, const std::string& masses, Index events, std::uint64_t seed,
         const std::string& resonance, double signal_fraction, const std::string& features, const std::string& order,
         int threads) {
        physics::BumpHuntSpec spec;
        spec.phase_space = phase_space_spec(particles, energy, masses, events, seed, false, resonance);
        spec.signal_fraction = signal_fraction;
        spec.features = {physics::parse_feature_set(features), physics::parse_particle_order(order)};
        return dataset_dict(run_without_gil([&] {
          set_threads(threads);
          return physics::generate_bump_hunt(spec);
        }));
      },
      py::arg("particles"), py::arg("energy"), py::arg("masses"), py::arg("events"), py::arg("seed"),
      py::arg("resonance"), py::arg("signal_fraction"), py::arg("features"), py::arg("order"), py::arg("threads"));
}

}  // namespace topae::python
