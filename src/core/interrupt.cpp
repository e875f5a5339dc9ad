#include "topae/core/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <string>

namespace topae {

namespace {

std::atomic<int> g_signal{0};
// Lock-free table: a signal handler may read it at any moment.
std::array<std::atomic<const char*>, 256> g_temporaries{};

extern "C" void on_signal(int s) {
  int expected = 0;
  if (g_signal.compare_exchange_strong(expected, s)) return;  // first signal: the loops stop
  // Second signal: unlink (async-signal-safe) what is left and leave now.
  for (auto& slot : g_temporaries)
    if (const char* p = slot.load()) ::unlink(p);
  ::_exit(128 + s);
}

}  // namespace

Interrupted::Interrupted(int s)
    : std::runtime_error(std::string("interrupted by ") + (s == SIGINT ? "SIGINT (Ctrl-C)" : s == SIGTERM ? "SIGTERM" : "a signal") +
                         "; nothing was written"),
      signal_(s) {}

void install_interrupt_handlers() {
  static const bool installed = [] {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int s : {SIGINT, SIGTERM}) {
      // A signal the parent ignores stays ignored (a job started with & by a script).
      struct sigaction old {};
      if (sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
      sigaction(s, &action, nullptr);
    }
    return true;
  }();
  (void)installed;
}

int interrupt_signal() { return g_signal.load(std::memory_order_relaxed); }

void request_interrupt(int signal) { g_signal.store(signal); }

void clear_interrupt() { g_signal.store(0); }

namespace detail {

int register_temporary(const char* path) {
  for (std::size_t i = 0; i < g_temporaries.size(); ++i) {
    const char* expected = nullptr;
    if (g_temporaries[i].compare_exchange_strong(expected, path)) return static_cast<int>(i);
  }
  return -1;
}

void unregister_temporary(int slot) {
  if (slot >= 0) g_temporaries[static_cast<std::size_t>(slot)].store(nullptr);
}

}  // namespace detail

}  // namespace topae
