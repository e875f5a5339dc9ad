#pragma once
// Errors with context. Library code throws; only the CLI prints.
//
// Error       a runtime failure (exit code 1).
// InputError  bad usage or bad input: a file, an argument, a value (exit code 2).
//
// Messages quote what came from files and flags; so that a message can never drive the
// terminal (an escape sequence in a CSV cell) or be cut short (a NUL byte), every message is
// made printable() when the error is built.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace topae {

// `text` with every byte that is not printable ASCII or part of valid, printable UTF-8
// (control characters, DEL, C1 controls, malformed sequences) written as \xNN. Idempotent.
std::string printable(std::string_view text);

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(printable(what)) {}
  explicit Error(const char* what) : Error(std::string(what)) {}
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
