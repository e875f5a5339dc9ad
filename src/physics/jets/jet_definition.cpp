#include "topae/physics/jets/jet_definition.hpp"

#include <fmt/format.h>

#include <cmath>

#include "topae/core/error.hpp"

namespace topae::physics::jets {

std::string jet_algorithm_name(JetAlgorithm algorithm) {
  switch (algorithm) {
    case JetAlgorithm::antikt: return "antikt";
    case JetAlgorithm::kt: return "kt";
    case JetAlgorithm::ca: return "ca";
  }
  return "antikt";
}

JetAlgorithm parse_jet_algorithm(const std::string& name) {
  for (const auto a : {JetAlgorithm::antikt, JetAlgorithm::kt, JetAlgorithm::ca}) {
    if (name == jet_algorithm_name(a)) return a;
  }
  throw InputError(fmt::format("--jets must be antikt, kt or ca, got '{}'", name));
}

void JetSpec::check() const {
  // FastJet allows R up to 1000 for these algorithms; beyond a few units every particle of an
  // event is within R of every other, and no jet definition of interest needs more than 10.
  if (!(std::isfinite(r) && r > 0 && r <= 10)) throw InputError(fmt::format("--jet-r must be in (0, 10], got {}", r));
  if (!(std::isfinite(ptmin) && ptmin >= 0)) {
    throw InputError(fmt::format("--jet-ptmin must be a finite number >= 0 (GeV), got {}", ptmin));
  }
}

std::string JetSpec::description() const {
  const char* name = algorithm == JetAlgorithm::antikt ? "anti-kt" : algorithm == JetAlgorithm::kt ? "kt"
                                                                                                   : "Cambridge/Aachen";
  return fmt::format("{}, R = {:g}, pT >= {:g} GeV", name, r, ptmin);
}

nlohmann::json JetSpec::to_json() const {
  return {{"algorithm", jet_algorithm_name(algorithm)}, {"r", r}, {"ptmin", ptmin}};
}

}  // namespace topae::physics::jets
