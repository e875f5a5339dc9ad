#pragma once
// Atomic file writes: nothing half-written is ever left at the target path.
//
// Write to temp_path(), then commit() renames it over the target. If commit() is never
// reached (an exception), the destructor removes the temporary file.
#include <filesystem>
#include <string_view>

namespace topae {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Writes `text` to `path` atomically; throws InputError naming the path if it cannot.
void write_text_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace topae
