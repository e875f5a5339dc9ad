#include "fuzz_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>

#include "topae/core/error.hpp"

namespace topae::fuzz {
namespace {

namespace fs = std::filesystem;

struct ScratchDir {
  fs::path path;
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    path = fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / ("topae-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

[[noreturn]] void fail(std::string_view what) {
  std::fprintf(stderr, "fuzz target: %.*s\n", static_cast<int>(what.size()), what.data());
  std::fflush(stderr);
  std::abort();
}

}  // namespace

const fs::path& scratch_dir() {
  static const ScratchDir dir;
  return dir.path;
}

fs::path write_scratch_file(const std::string& name, std::span<const std::uint8_t> bytes) {
  const fs::path path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail("cannot write the scratch file " + path.string());
  return path;
}

fs::path fresh_scratch_dir(const std::string& name) {
  const fs::path path = scratch_dir() / name;
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

bool expect_input_error(const std::function<void()>& read) {
  static const bool verbose = std::getenv("TOPAE_FUZZ_VERBOSE") != nullptr;
  try {
    read();
    if (verbose) std::fprintf(stderr, "  accepted\n");
    return true;
  } catch (const InputError& e) {
    if (verbose) std::fprintf(stderr, "  InputError: %s\n", e.what());
    return false;
  } catch (const std::exception& e) {
    fail(std::string("bad input must throw topae::InputError, got: ") + e.what());
  } catch (...) {
    fail("bad input must throw topae::InputError, got an exception of unknown type");
  }
}

void require(bool condition, std::string_view what) {
  if (!condition) fail(what);
}

std::uint8_t Bytes::u8() {
  if (used_ >= size_) return 0;
  return data_[used_++];
}

std::uint16_t Bytes::u16() { return static_cast<std::uint16_t>(u8() | (u8() << 8)); }

std::uint32_t Bytes::u32() { return static_cast<std::uint32_t>(u16()) | (static_cast<std::uint32_t>(u16()) << 16); }

std::uint64_t Bytes::u64() { return static_cast<std::uint64_t>(u32()) | (static_cast<std::uint64_t>(u32()) << 32); }

std::string Bytes::text(std::size_t max_size) {
  const std::size_t n = std::min<std::size_t>(u8() % (max_size + 1), left());
  std::string s(reinterpret_cast<const char*>(data_ + used_), n);
  used_ += n;
  return s;
}

std::string Bytes::raw(std::size_t n) {
  const std::size_t available = std::min(n, left());
  std::string s(reinterpret_cast<const char*>(data_ + used_), available);
  used_ += available;
  s.resize(n, '\0');
  return s;
}

std::span<const std::uint8_t> Bytes::rest() {
  const std::span<const std::uint8_t> s(data_ + used_, size_ - used_);
  used_ = size_;
  return s;
}

}  // namespace topae::fuzz
