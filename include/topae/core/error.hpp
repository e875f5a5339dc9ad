#pragma once
// Errors with context. Library code throws; only the CLI prints.
//
// Error       a runtime failure (exit code 1).
// InputError  bad usage or bad input: a file, an argument, a value (exit code 2).
#include <filesystem>
#include <stdexcept>
#include <string>

namespace topae {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class InputError : public Error {
 public:
  using Error::Error;
  // "FILE: WHAT"
  InputError(const std::filesystem::path& file, const std::string& what);
  // "FILE:LINE: column 'COLUMN': WHAT"
  InputError(const std::filesystem::path& file, long line, const std::string& column, const std::string& what);
};

}  // namespace topae
