#include "topae/core/error.hpp"

namespace topae {

InputError::InputError(const std::filesystem::path& file, const std::string& what)
    : Error(file.string() + ": " + what) {}

InputError::InputError(const std::filesystem::path& file, long line, const std::string& column,
                       const std::string& what)
    : Error(file.string() + ":" + std::to_string(line) + ": column '" + column + "': " + what) {}

}  // namespace topae
