#pragma once
// Ctrl-C and SIGTERM, handled so that nothing half-written is left behind.
//
// install_interrupt_handlers() makes the first SIGINT or SIGTERM only set a flag; long loops
// (training batches, generation, table writes) call throw_if_interrupted(), which throws
// Interrupted, and the unwinding removes every temporary file. A second signal of either
// kind removes the temporary files still registered and exits at once (exit 128 + signal),
// for a loop that does not reach a check soon enough.
#include <stdexcept>

namespace topae {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

 private:
  int signal_;
};

// Idempotent; the CLI calls it once at start-up. A signal ignored when the process starts
// (a job started with & by a script) stays ignored. Library users who handle signals themselves
// need not call it.
void install_interrupt_handlers();

// The signal received since start-up (SIGINT, SIGTERM) or 0.
int interrupt_signal();
// Sets the flag as receiving `signal` would, so that the loops stop at their next check: for a
// host that takes the signals itself (the Python module, whose interpreter owns SIGINT).
void request_interrupt(int signal);
// Forgets a signal received or requested, once the host has handled it.
void clear_interrupt();

inline void throw_if_interrupted() {
  if (const int s = interrupt_signal()) throw Interrupted(s);
}

namespace detail {
// Temporary files the second signal removes (AtomicFile registers its own). Returns a slot
// number for unregister_temporary, or -1 when the table is full (the file is then only
// removed by unwinding). `path` must stay valid until unregistered.
int register_temporary(const char* path);
void unregister_temporary(int slot);
}  // namespace detail

}  // namespace topae
