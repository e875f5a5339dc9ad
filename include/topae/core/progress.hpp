#pragma once
// A progress bar with rate and ETA on standard error.
//
// It draws only when standard error is a terminal and it is enabled, so logs and CI output
// stay readable; otherwise every call is a cheap no-op.
#include <chrono>
#include <cstdint>
#include <string>

namespace topae {

class ProgressBar {
 public:
  // `unit` names what is counted ("epochs", "events").
  ProgressBar(std::string label, std::int64_t total, std::string unit, bool enabled = true);
  ~ProgressBar();

  // Sets the count done so far and an optional short status ("loss 0.0123").
  void update(std::int64_t done, const std::string& status = "");
  // Clears the line.
  void finish();

  static bool terminal_attached();

 private:
  void draw(const std::string& status);

  std::string label_;
  std::int64_t total_;
  std::string unit_;
  bool enabled_;
  std::int64_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// A line on standard error ("[3/9] sphere") under the same rule as the bar: only on a
// terminal and when enabled. For work made of stages, each with its own bars.
void progress_line(const std::string& text, bool enabled = true);

}  // namespace topae
