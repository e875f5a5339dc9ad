#include "topae/core/memory.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace topae {

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return UINT64_MAX;  // unknown: let the allocator decide
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

void check_memory(double bytes, const std::string& what) {
  const double available = static_cast<double>(physical_memory_bytes());
  if (!(bytes <= available)) {
    constexpr double GiB = 1024.0 * 1024.0 * 1024.0;
    throw InputError(fmt::format("{} needs {:.3g} GiB, more than this machine's {:.3g} GiB of memory", what,
                                 bytes / GiB, available / GiB));
  }
}

}  // namespace topae
