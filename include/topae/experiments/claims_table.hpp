#pragma once
// Every claim a registry declares, as a Markdown table: experiment, claim, the quantity
// measured, its threshold and why the threshold sits there. `topae claims` prints it and
// docs/science.md holds a copy, which a test keeps current.
#include <string>

#include "topae/experiments/registry.hpp"

namespace topae::experiments {

std::string claims_markdown(const Registry& registry);

}  // namespace topae::experiments
