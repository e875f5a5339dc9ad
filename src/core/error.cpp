#include "topae/core/error.hpp"

#include <fmt/format.h>

namespace topae {

namespace {

// Length of the valid UTF-8 sequence of a printable character starting at text[i], or 0.
std::size_t printable_utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  std::size_t n = 0;
  char32_t c = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2;
    c = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    c = b0 & 0x0f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    c = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    c = (c << 6) | (byte(i + k) & 0x3f);
  }
  const bool overlong = (n == 3 && c < 0x800) || (n == 4 && c < 0x10000);
  const bool surrogate = c >= 0xd800 && c <= 0xdfff;
  const bool c1_control = c >= 0x80 && c <= 0x9f;
  if (overlong || surrogate || c1_control || c > 0x10ffff) return 0;
  return n;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0x20 && b < 0x7f) {
      out += text[i++];
    } else if (const std::size_t n = b >= 0x80 ? printable_utf8_length(text, i) : 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += fmt::format("\\x{:02x}", b);
      ++i;
    }
  }
  return out;
}

InputError::InputError(const std::filesystem::path& file, const std::string& what)
    : Error(file.string() + ": " + what) {}

InputError::InputError(const std::filesystem::path& file, long line, const std::string& column,
                       const std::string& what)
    : Error(file.string() + ":" + std::to_string(line) + ": column '" + column + "': " + what) {}

}  // namespace topae
