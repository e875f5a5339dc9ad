#include "topae/core/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <system_error>

#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"

namespace topae {

namespace fs = std::filesystem;

namespace {

struct GuardedInput {
  dev_t device;
  ino_t inode;
  std::string path;
};

std::mutex g_guard_mutex;
std::vector<GuardedInput> g_guarded;

std::string errno_text() { return std::strerror(errno); }

// The path a chain of symlinks at `target` leads to (the target itself when it is none). A
// dangling link resolves to the missing file it names, which is then created.
fs::path follow_links(const fs::path& target) {
  fs::path p = target;
  for (int depth = 0; depth < 40; ++depth) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
    std::error_code ec;
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) throw InputError(target, "cannot read the symlink: " + ec.message());
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  throw InputError(target, "too many levels of symbolic links");
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

struct Resolved {
  fs::path final;       // symlinks followed
  bool exists = false;
  bool device = false;  // a character device
  mode_t mode = 0;
};

Resolved resolve_target(const fs::path& target) {
  if (target.empty()) throw InputError("the output path is empty");
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
    throw InputError(target, "names a folder, not a file");
  Resolved r;
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    r.final = follow_links(target);  // nothing there, or a dangling link to the file to create
    return r;
  }
  r.exists = true;
  r.mode = st.st_mode;
  if (S_ISCHR(st.st_mode)) {
    r.device = true;
    r.final = target;  // opened through its links at commit (/dev/stdout -> /proc/self/fd/1 -> ...)
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    throw InputError(target, std::string("exists and is ") + kind_of(st.st_mode) +
                                 "; topae writes only regular files (or a character device such as /dev/null)");
  }
  {
    const std::lock_guard lock(g_guard_mutex);
    for (const auto& input : g_guarded)
      if (input.device == st.st_dev && input.inode == st.st_ino)
        throw InputError(target, "is the input file " + input.path + " of this command; refusing to overwrite it");
  }
  r.final = follow_links(target);
  return r;
}

std::string random_suffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string s(12, 'x');
  for (char& c : s) c = kAlphabet[device() % (sizeof(kAlphabet) - 1)];
  return s;
}

// "@HOST", ending every temporary name.
std::string host_suffix() {
  std::array<char, 65> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "@localhost";
  std::string suffix(1, '@');
  suffix.append(name.data());
  return suffix;
}

// ".NAME.topae-" for the target `final`: every temporary name of it starts so.
std::string temporary_prefix(const fs::path& final) {
  // Appended piece by piece: GCC 12 misreads "." + std::string as an overlapping copy.
  std::string prefix(1, '.');
  prefix.append(final.filename().string(), 0, 200);
  prefix.append(".topae-");
  return prefix;
}

// ".NAME.topae-XXXXXXXXXXXX.PID@HOST" in `dir`: hidden, recognisably ours, and saying which
// process of which machine made it.
fs::path temporary_name(const fs::path& dir, const fs::path& final) {
  std::string name = temporary_prefix(final);
  name.append(random_suffix());
  name.append(1, '.');
  name.append(std::to_string(::getpid()));
  name.append(host_suffix());
  return dir / name;
}

// Removes temporaries of `final` left by processes of this machine that no longer run (killed
// by SIGKILL at the wrong moment); those of live processes, or of other machines sharing the
// folder, are left alone.
void remove_stale_temporaries(const fs::path& dir, const fs::path& final) {
  const std::string prefix = temporary_prefix(final);
  const std::string host = host_suffix();
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() < prefix.size() + host.size() ||
        name.compare(name.size() - host.size(), host.size(), host) != 0)
      continue;
    const auto dot = name.rfind('.', name.size() - host.size());
    if (dot == std::string::npos || dot < prefix.size()) continue;
    pid_t pid = 0;
    const char* first = name.data() + dot + 1;
    const char* last = name.data() + name.size() - host.size();
    const auto [ptr, parse] = std::from_chars(first, last, pid);
    if (parse != std::errc() || ptr != last || pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlink(it->path().c_str());
  }
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

namespace {

// Where a target's data are written until commit: a device's in the temporary folder, a
// file's beside it.
fs::path data_folder(const Resolved& r) {
  fs::path dir = r.device ? fs::temp_directory_path() : r.final.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

}  // namespace

void check_output_path(const fs::path& path) { resolve_target(path); }

void check_disk_space(const fs::path& path, double bytes, const std::string& what) {
  fs::path dir = data_folder(resolve_target(path));
  // The nearest folder that exists: AtomicFile creates the missing ones.
  while (!fs::exists(dir) && dir.has_parent_path() && dir.parent_path() != dir) dir = dir.parent_path();
  std::error_code ec;
  const auto space = fs::space(dir, ec);
  if (ec) return;  // the write itself will report a folder it cannot use
  const double available = static_cast<double>(space.available);
  if (!(bytes <= available)) {
    constexpr double GiB = 1024.0 * 1024.0 * 1024.0;
    throw InputError(path, fmt::format("{} needs at least {:.3g} GiB of disk, more than the {:.3g} GiB free in {}",
                                       what, bytes / GiB, available / GiB, dir.string()));
  }
}

bool is_character_device(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

AtomicFile::AtomicFile(fs::path target, Temporary temporary) : target_(std::move(target)) {
  const Resolved r = resolve_target(target_);
  final_ = r.final;
  device_ = r.device;
  fs::path dir = data_folder(r);
  if (!device_ && !fs::is_directory(dir)) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw InputError(target_, "cannot create directory " + dir.string() + ": " + ec.message());
  }
  if (!device_) remove_stale_temporaries(dir, final_);
  if (temporary == Temporary::anonymous_if_possible) {
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
    if (fd_ >= 0) {
      temp_ = "/proc/self/fd/" + std::to_string(fd_);
      anonymous_ = ::access(temp_.c_str(), W_OK) == 0;  // /proc may be missing
      if (!anonymous_) ::close(fd_);
    }
  }
  if (!anonymous_) {
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
      temp_ = temporary_name(dir, final_);
      fd_ = ::open(temp_.c_str(), O_CREAT | O_EXCL | O_NOFOLLOW | O_RDWR | O_CLOEXEC, 0666);
      if (fd_ < 0 && errno != EEXIST)
        throw InputError(target_, "cannot create a temporary file in " + dir.string() + ": " + errno_text());
    }
    if (fd_ < 0) throw InputError(target_, "cannot create a temporary file in " + dir.string());
    temp_c_ = temp_.string();
    slot_ = detail::register_temporary(temp_c_.c_str());
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) remove_temporary();
}

void AtomicFile::remove_temporary() noexcept {
  if (!anonymous_ && !temp_c_.empty()) ::unlink(temp_c_.c_str());
  detail::unregister_temporary(slot_);
  slot_ = -1;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void AtomicFile::commit() {
  if (committed_) return;
  const auto fail = [&](const std::string& what) {
    const std::string message = what + ": " + errno_text();
    remove_temporary();
    throw InputError(target_, message);
  };
  if (::fsync(fd_) != 0) fail("cannot write");
  // Checked again: something may have appeared at the target while the data were written.
  const Resolved r = resolve_target(target_);

  if (r.device) {
    const int out = ::open(r.final.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (out < 0) fail("cannot open for writing");
    std::array<char, 1 << 16> buffer{};
    off_t offset = 0;
    for (;;) {
      const ssize_t n = ::pread(fd_, buffer.data(), buffer.size(), offset);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 || (n > 0 && !write_all(out, buffer.data(), static_cast<std::size_t>(n)))) {
        const int saved = errno;
        ::close(out);
        errno = saved;
        fail("cannot write");
      }
      if (n == 0) break;
      offset += n;
    }
    ::close(out);
    remove_temporary();
    committed_ = true;
    return;
  }

  // A file replaced keeps its permissions.
  if (r.exists) ::fchmod(fd_, r.mode & 07777);
  fs::path staged = temp_;
  const fs::path dir = final_.parent_path().empty() ? fs::path(".") : final_.parent_path();
  if (anonymous_) {
    // Give the file a name only now; rename() needs one.
    for (int attempt = 0;; ++attempt) {
      staged = temporary_name(dir, final_);
      if (::linkat(AT_FDCWD, temp_.c_str(), AT_FDCWD, staged.c_str(), AT_SYMLINK_FOLLOW) == 0) break;
      if (errno != EEXIST || attempt == 100) fail("cannot write");
    }
    anonymous_ = false;
    temp_c_ = staged.string();
    slot_ = detail::register_temporary(temp_c_.c_str());
  }
  if (::rename(staged.c_str(), r.final.c_str()) != 0) fail("cannot write");
  temp_c_.clear();  // it is the target now
  remove_temporary();
  committed_ = true;
  // The rename itself survives a crash only once the folder is synced.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

void write_text_atomically(const fs::path& path, std::string_view text) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary);
    if (!out) throw InputError(path, "cannot open for writing");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw InputError(path, "write failed");
  }
  file.commit();
}

InputGuard::InputGuard(const std::vector<fs::path>& inputs) {
  const std::lock_guard lock(g_guard_mutex);
  for (const auto& input : inputs) {
    struct stat st {};
    if (input.empty() || ::stat(input.c_str(), &st) != 0) continue;
    g_guarded.push_back({st.st_dev, st.st_ino, input.string()});
    ++added_;
  }
}

InputGuard::~InputGuard() {
  const std::lock_guard lock(g_guard_mutex);
  g_guarded.resize(g_guarded.size() - added_);
}

}  // namespace topae
