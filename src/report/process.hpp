#pragma once
// Running a helper program (gnuplot) and capturing what it says. Private to the report module.
#include <filesystem>
#include <string>
#include <vector>

namespace topae::report::detail {

struct ProcessResult {
  int exit_status = -1;  // when it exited
  int signal = 0;        // when a signal ended it (SIGKILL after a timeout)
  bool timed_out = false;
  std::string output;    // stdout and stderr, interleaved as written

  bool ok() const { return exit_status == 0 && signal == 0 && !timed_out; }
};

// Runs argv[0] (a name looked up in PATH, or a path) with `argv`, in the folder `cwd`, with
// stdin from /dev/null, stdout and stderr captured, and the environment of this process less
// DISPLAY and WAYLAND_DISPLAY, with LC_ALL=C.UTF-8. After `timeout_s` seconds it is killed.
// Throws Error("cannot run 'PROGRAM': REASON") if it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd, double timeout_s);

// True when `program` (a name looked up in PATH, or a path) is an executable file.
bool program_available(const std::string& program);

}  // namespace topae::report::detail
