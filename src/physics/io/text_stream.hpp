#pragma once
// TextStream: an event file opened as a std::istream for HepMC3's readers, gzip-decompressed
// (Boost.Iostreams) when its name ends in .gz, which keeps track of what the reader took:
//   line()      the line (1-based) of the last byte the reader took, for messages;
//   head()      the first bytes of the text, before anything is taken (format sniffing);
//   at_end()    whether the reader took everything up to the end of the text;
//   last_line() the last line of the text that is not blank (the end marker of a listing);
//   error()     why the text ended early (corrupt gzip data, a read error), or empty.
// The text passes through one buffer of kBlock bytes: the work per byte is one newline count.
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace topae::physics::io {

class TextStream {
 public:
  // Throws InputError naming the file if it cannot be opened.
  explicit TextStream(const std::filesystem::path& path);
  TextStream(const TextStream&) = delete;
  TextStream& operator=(const TextStream&) = delete;
  ~TextStream();

  std::istream& stream() { return stream_; }
  const std::filesystem::path& path() const { return path_; }
  bool gzip() const;

  std::string_view head();
  long line() const;
  bool at_end() const;
  std::string last_line() const;
  const std::string& error() const;

  // Reads on through at most `most` bytes of the text that the reader has not taken, to find
  // a decompression error there (the reason a gzip file's text went wrong is found only
  // further on, at the next invalid code or at the CRC), and returns error(). The stream is
  // spent afterwards, but line() still says where the reader stopped.
  const std::string& check_rest(std::uintmax_t most);

  // Bytes of the file (compressed, for .gz) read so far, and the file's size.
  std::uintmax_t bytes_read() const;
  std::uintmax_t file_size() const { return file_size_; }

 private:
  class Buffer;

  std::filesystem::path path_;
  std::uintmax_t file_size_ = 0;
  std::unique_ptr<Buffer> buffer_;
  std::istream stream_;
};

}  // namespace topae::physics::io
