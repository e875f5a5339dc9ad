#pragma once
// The experiments topae knows, in the order `reproduce` runs them. The suite's list is in
// registry.cpp, one line per experiment; a program (or a test) can extend a copy.
#include <string>
#include <string_view>
#include <vector>

#include "topae/experiments/experiment.hpp"

namespace topae::experiments {

class Registry {
 public:
  // Throws Error if an experiment of that name is already listed.
  Registry& add(Experiment experiment);
  const std::vector<Experiment>& experiments() const { return experiments_; }
  std::vector<std::string> names() const;
  // nullptr if none.
  const Experiment* find(std::string_view name) const;

 private:
  std::vector<Experiment> experiments_;
};

// The study's suite.
const Registry& suite();

}  // namespace topae::experiments
