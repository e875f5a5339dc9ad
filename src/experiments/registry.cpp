#include "topae/experiments/registry.hpp"

#include "topae/core/error.hpp"
#include "topae/experiments/audit.hpp"
#include "topae/experiments/bump_hunt.hpp"
#include "topae/experiments/circle.hpp"
#include "topae/experiments/interpolation.hpp"
#include "topae/experiments/phase_space.hpp"
#include "topae/experiments/remedies.hpp"
#include "topae/experiments/surfaces.hpp"

namespace topae::experiments {

Registry& Registry::add(Experiment experiment) {
  if (find(experiment.name())) throw Error("internal: experiment '" + experiment.name() + "' is registered twice");
  experiments_.push_back(std::move(experiment));
  return *this;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& e : experiments_) out.push_back(e.name());
  return out;
}

const Experiment* Registry::find(std::string_view name) const {
  for (const auto& e : experiments_)
    if (e.name() == name) return &e;
  return nullptr;
}

const Registry& suite() {
  static const Registry registry = [] {
    Registry r;
    r.add(circle_experiment());
    r.add(offmanifold_experiment());
    r.add(sphere_experiment());
    r.add(double_cone_experiment());
    r.add(gap_experiment());
    r.add(extrinsic_experiment());
    r.add(torus_experiment());
    r.add(phase_space_experiment());
    r.add(bump_hunt_experiment());
    r.add(audit_experiment());
    r.add(remedies_experiment());
    return r;
  }();
  return registry;
}

}  // namespace topae::experiments
