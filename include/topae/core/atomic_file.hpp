#pragma once
// Atomic file writes: an output either appears whole or not at all, and nothing that is not
// an output is ever replaced.
//
// Write to temp_path(), then commit() puts it at the target. Guarantees:
// - The temporary file is created exclusively (O_EXCL, O_NOFOLLOW: a symlink planted at its
//   name is never followed), in the target's folder so the final rename stays on one file
//   system. Where the file system allows, it has no name at all until commit (O_TMPFILE), so
//   even kill -9 leaves nothing behind; otherwise it has a random hidden name
//   (".NAME.topae-XXXXXXXXXXXX"), removed on every error path, by the destructor when
//   commit() is never reached, and on Ctrl-C (core/interrupt.hpp).
// - commit() fsyncs the data, then renames over a regular file or over nothing. A target that
//   exists and is a folder, a FIFO, a socket or a block device is refused (InputError) before
//   anything is written. A character device the user named (/dev/null, /dev/stdout) is
//   written directly at commit: the data are first written whole to a temporary file.
// - A symlink at the target is followed: the file it points to is written, the link stays.
// - A target that is one of the inputs under an InputGuard (same device and inode: another
//   spelling, a hard link or a symlink of the input) is refused.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace topae {

class AtomicFile {
 public:
  // Named: the temporary file always has a name in the target's folder (for another program,
  // such as gnuplot, that writes it by name).
  enum class Temporary { anonymous_if_possible, named };

  explicit AtomicFile(std::filesystem::path target, Temporary temporary = Temporary::anonymous_if_possible);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // Where to write, by name, from this process (for an anonymous file: /proc/self/fd/N).
  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  void commit();

 private:
  void remove_temporary() noexcept;

  std::filesystem::path target_;      // as the caller named it, for messages
  std::filesystem::path final_;       // the target with symlinks resolved
  std::filesystem::path temp_;
  int fd_ = -1;                       // the temporary file, open for writing
  bool anonymous_ = false;
  bool device_ = false;               // final_ is a character device
  int slot_ = -1;                     // its entry in the interrupt handler's table
  std::string temp_c_;                // temp_ as the handler sees it
  bool committed_ = false;
};

// Writes `text` to `path` atomically; throws InputError naming the path if it cannot.
void write_text_atomically(const std::filesystem::path& path, std::string_view text);

// The checks AtomicFile makes before it creates anything, for a command to run on its outputs
// before it starts long work: throws InputError naming `path` if it could not be written.
void check_output_path(const std::filesystem::path& path);

// Throws InputError naming `path` ("WHAT needs at least X GiB of disk, more than the Y GiB
// free in FOLDER") when `bytes`, a lower bound of what will be written, exceeds the space free
// where the file's data are written; does nothing when that cannot be told.
void check_disk_space(const std::filesystem::path& path, double bytes, const std::string& what);

// True when `path` is (or links to) a character device such as /dev/null.
bool is_character_device(const std::filesystem::path& path);

// While an InputGuard lives, every AtomicFile refuses a target that is one of these files.
// The CLI guards each command's inputs, so `topae train in.csv -o in.csv` or a figure's data
// file landing on the input fails before the input is touched. Inputs that do not exist (yet)
// are ignored. Guards nest; they are meant for the main thread of a command.
class InputGuard {
 public:
  explicit InputGuard(const std::vector<std::filesystem::path>& inputs);
  InputGuard(const InputGuard&) = delete;
  InputGuard& operator=(const InputGuard&) = delete;
  ~InputGuard();

 private:
  std::size_t added_ = 0;
};

}  // namespace topae
