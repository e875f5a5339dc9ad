#pragma once
// Memory asked for by sizes from files and flags is checked before it is allocated, so a
// typo (--n 1000000000000) or a hostile file gets a clear message and exit code 2 instead of
// std::bad_alloc, a runaway process or the kernel's OOM killer.
#include <cstdint>
#include <new>
#include <string>

#include "topae/core/error.hpp"

namespace topae {

// This machine's physical memory in bytes.
std::uint64_t physical_memory_bytes();

// Throws InputError("WHAT needs X GiB, more than this machine's Y GiB of memory") when
// `bytes` exceeds the physical memory. `bytes` is a double so that products of sizes from a
// file cannot overflow on the way here.
void check_memory(double bytes, const std::string& what);

// Runs f(); a std::bad_alloc from it becomes InputError("out of memory while WHAT").
template <typename F>
decltype(auto) with_memory_context(const std::string& what, F&& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    throw InputError("out of memory while " + what);
  }
}

}  // namespace topae
