#pragma once
// What the fuzz targets share: a scratch folder for the files they write, a reader of typed
// values from the fuzz input, and the one rule every target checks.
//
// The rule: a reader given bad input throws topae::InputError (the CLI's exit 2, one line
// naming the file). Any other exception is a finding: it would reach the user as exit 1 and
// a message from deep inside (std::bad_alloc, nlohmann's "type must be number"), so
// `expect_input_error` aborts on it and libFuzzer records the input as a crash.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace topae::fuzz {

// A folder of this process (made on first use, removed at exit): the targets write their
// inputs here, under fixed names, so a run leaves nothing behind.
const std::filesystem::path& scratch_dir();
// Writes `bytes` to scratch_dir() / name and returns the path.
std::filesystem::path write_scratch_file(const std::string& name, std::span<const std::uint8_t> bytes);
// Empties scratch_dir() / name (a folder), making it if needed, and returns it.
std::filesystem::path fresh_scratch_dir(const std::string& name);

// Runs `read`; returns true if it returned, false if it threw InputError; aborts with the
// exception's message on any other exception. With TOPAE_FUZZ_VERBOSE set in the
// environment, prints "accepted" or the InputError's message (to see what seeds reach).
bool expect_input_error(const std::function<void()>& read);

// Aborts with `what` unless `condition` holds: a reader accepted an input and then broke one
// of its own promises (say, a round trip that changed a value).
void require(bool condition, std::string_view what);

// Consumes the fuzz input front to back; once it is used up every value is 0 / empty.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::uint64_t u64();
  bool flag() { return (u8() & 1) != 0; }
  // A value in [0, n) (n > 0).
  std::uint32_t below(std::uint32_t n) { return u32() % n; }
  // Up to `max_size` bytes, the length taken from the input first.
  std::string text(std::size_t max_size);
  // `n` bytes (fewer if the input runs out), zero-padded to `n`.
  std::string raw(std::size_t n);
  // Everything left.
  std::span<const std::uint8_t> rest();
  std::size_t left() const { return size_ - used_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t used_ = 0;
};

}  // namespace topae::fuzz
