#include "text_stream.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/iostreams/filter/counter.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_streambuf.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <system_error>

#include "topae/core/error.hpp"
#include "topae/physics/io/event_format.hpp"

namespace topae::physics::io {

namespace {

constexpr std::streamsize kBlock = 1 << 16;  // bytes of text handed to the reader at a time
constexpr std::size_t kTail = 4096;          // the end of the text kept for last_line()

// zlib's error codes (zlib.h), in words.
std::string describe_zlib(int code) {
  switch (code) {
    case -3: return "corrupt gzip data (zlib: invalid compressed data)";        // Z_DATA_ERROR
    case -5: return "truncated gzip data (the compressed stream ends early)";  // Z_BUF_ERROR
    case -4: return "gzip data could not be decompressed (zlib: out of memory)";  // Z_MEM_ERROR
    default: return fmt::format("corrupt gzip data (zlib error {})", code);
  }
}

// What a gzip error means, in words (Boost says only "gzip error").
std::string describe(const boost::iostreams::gzip_error& e) {
  namespace gz = boost::iostreams::gzip;
  switch (e.error()) {
    case gz::bad_header: return "not gzip data (bad gzip header)";
    case gz::bad_footer: return "corrupt gzip data (bad gzip footer)";
    case gz::bad_crc: return "corrupt gzip data (CRC mismatch)";
    case gz::bad_length: return "corrupt gzip data (length mismatch)";
    default: return describe_zlib(e.zlib_error_code());
  }
}

bool blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

// The reader's streambuf: hands out the source's text one block at a time and counts the
// newlines of each block once the reader has taken all of it.
class TextStream::Buffer : public std::streambuf {
 public:
  Buffer(const std::filesystem::path& path, bool gzip) : gzip_(gzip), block_(static_cast<std::size_t>(kBlock)) {
    file_.open(path, std::ios::binary);
    if (!file_) throw InputError(path, fmt::format("cannot open: {}", std::strerror(errno)));
    if (gzip_) {
      namespace bio = boost::iostreams;
      chain_.push(bio::gzip_decompressor(bio::gzip::default_window_bits, kBlock), kBlock);
      chain_.push(bio::counter(), kBlock);  // counts the compressed bytes, for bytes_read()
      chain_.push(file_, kBlock);
    }
    setg(block_.data(), block_.data(), block_.data());
  }

  std::string_view head() {
    if (gptr() == egptr() && !ended_) underflow();
    return {eback(), static_cast<std::size_t>(egptr() - eback())};
  }

  // The line of the last byte taken: the newlines before it, plus one.
  long line() const {
    if (stopped_at_) return *stopped_at_;
    if (gptr() == eback() && !taken_a_block_) return 1;
    const long newlines = lines_ + static_cast<long>(std::count(eback(), gptr(), '\n'));
    const bool last_newline = gptr() > eback() ? gptr()[-1] == '\n' : previous_ended_in_newline_;
    return newlines - (last_newline ? 1 : 0) + 1;
  }

  bool at_end() const { return ended_ && error_.empty() && gptr() == egptr(); }

  std::string last_line() const {
    std::string_view text(tail_);
    while (!text.empty()) {
      const auto start = text.find_last_of('\n');
      const std::string_view line = start == std::string_view::npos ? text : text.substr(start + 1);
      if (!blank(line)) {
        const auto end = line.find_last_not_of(" \t\r");
        const auto begin = line.find_first_not_of(" \t");
        return std::string(line.substr(begin, end - begin + 1));
      }
      if (start == std::string_view::npos) break;
      text = text.substr(0, start);
    }
    return {};
  }

  const std::string& error() const { return error_; }
  bool gzip() const { return gzip_; }

  void check_rest(std::uintmax_t most) {
    if (!stopped_at_) stopped_at_ = line();
    std::uintmax_t seen = 0;
    while (error_.empty() && !ended_ && seen < most) {
      setg(eback(), egptr(), egptr());  // skip what the reader has not taken
      if (traits_type::eq_int_type(underflow(), traits_type::eof())) break;
      seen += static_cast<std::uintmax_t>(egptr() - eback());
    }
  }

  std::uintmax_t bytes_read() {
    if (!gzip_) return total_;
    return static_cast<std::uintmax_t>(chain_.component<boost::iostreams::counter>(1)->characters());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (egptr() > eback()) {  // the reader took the whole block
      lines_ += static_cast<long>(std::count(eback(), egptr(), '\n'));
      previous_ended_in_newline_ = egptr()[-1] == '\n';
      taken_a_block_ = true;
      setg(block_.data(), block_.data(), block_.data());
    }
    if (ended_) return traits_type::eof();
    std::streamsize n = 0;
    try {
      std::streambuf* source = gzip_ ? static_cast<std::streambuf*>(&chain_) : file_.rdbuf();
      n = source->sgetn(block_.data(), kBlock);
    } catch (const boost::iostreams::gzip_error& e) {
      error_ = describe(e);
    } catch (const boost::iostreams::zlib_error& e) {
      error_ = describe_zlib(e.error());
    } catch (const std::exception& e) {
      error_ = fmt::format("read error: {}", e.what());
    }
    if (n <= 0) {
      ended_ = true;
      return traits_type::eof();
    }
    total_ += static_cast<std::uintmax_t>(n);
    const std::string_view text(block_.data(), static_cast<std::size_t>(n));
    if (text.size() >= kTail) {
      tail_.assign(text.substr(text.size() - kTail));
    } else {
      tail_.append(text);
      if (tail_.size() > kTail) tail_.erase(0, tail_.size() - kTail);
    }
    setg(block_.data(), block_.data(), block_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  bool gzip_;
  std::ifstream file_;
  boost::iostreams::filtering_streambuf<boost::iostreams::input> chain_;
  std::vector<char> block_;
  std::string tail_;
  std::string error_;
  std::uintmax_t total_ = 0;  // bytes of text read from the source
  long lines_ = 0;            // newlines in the blocks the reader has taken whole
  bool previous_ended_in_newline_ = false;
  bool taken_a_block_ = false;
  std::optional<long> stopped_at_;  // line() when check_rest() began
  bool ended_ = false;
};

TextStream::TextStream(const std::filesystem::path& path)
    : path_(path), buffer_(std::make_unique<Buffer>(path, is_gzip_name(path))), stream_(buffer_.get()) {
  std::error_code ec;
  file_size_ = std::filesystem::file_size(path, ec);
  if (ec) file_size_ = 0;
}

TextStream::~TextStream() = default;

bool TextStream::gzip() const { return buffer_->gzip(); }
std::string_view TextStream::head() { return buffer_->head(); }
long TextStream::line() const { return buffer_->line(); }
bool TextStream::at_end() const { return buffer_->at_end(); }
std::string TextStream::last_line() const { return buffer_->last_line(); }
const std::string& TextStream::error() const { return buffer_->error(); }
std::uintmax_t TextStream::bytes_read() const { return buffer_->bytes_read(); }
const std::string& TextStream::check_rest(std::uintmax_t most) {
  buffer_->check_rest(most);
  return buffer_->error();
}

}  // namespace topae::physics::io
