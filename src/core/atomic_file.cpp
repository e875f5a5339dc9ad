#include "topae/core/atomic_file.hpp"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include "topae/core/error.hpp"

namespace topae {

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  const auto dir = target_.parent_path();
  if (!dir.empty() && !std::filesystem::is_directory(dir)) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw InputError(target_, "cannot create directory " + dir.string() + ": " + ec.message());
  }
  // Same directory as the target, so the final rename never crosses file systems.
  temp_ = target_;
  temp_ += ".tmp." + std::to_string(::getpid());
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void AtomicFile::commit() {
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) throw InputError(target_, "cannot write: " + ec.message());
  committed_ = true;
}

void write_text_atomically(const std::filesystem::path& path, std::string_view text) {
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

}  // namespace topae
