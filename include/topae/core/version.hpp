#pragma once
#include <string_view>

namespace topae {

// The project version from CMake, for results.json and model files.
std::string_view version();

}  // namespace topae
