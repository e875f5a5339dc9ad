#include <gtest/gtest.h>

#include <string>

#include "topae/core/error.hpp"

namespace topae {
namespace {

TEST(Printable, KeepsPrintableAsciiAndUtf8) {
  EXPECT_EQ(printable("a.csv: row 3, column 'x': not a number"), "a.csv: row 3, column 'x': not a number");
  EXPECT_EQ(printable("\u00b1 \u2192 \u03c0 \U0001F600"), "\u00b1 \u2192 \u03c0 \U0001F600");
}

TEST(Printable, EscapesControlsDelC1AndMalformedUtf8) {
  EXPECT_EQ(printable("\x1b]0;pwned\x07\x1b[2J"), "\\x1b]0;pwned\\x07\\x1b[2J");
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("line\nbreak\ttab\x7f"), "line\\x0abreak\\x09tab\\x7f");
  EXPECT_EQ(printable("\xc2\x9b" "31m"), "\\xc2\\x9b31m");   // C1 CSI
  EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");            // never valid
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");            // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");   // a surrogate
  EXPECT_EQ(printable("\xe2\x82"), "\\xe2\\x82");            // cut short
}

TEST(Printable, IsIdempotent) {
  const std::string once = printable("\x1b[2J\xff");
  EXPECT_EQ(printable(once), once);
}

TEST(Error, MessagesArePrintableAndKeepWhatFollowsANul) {
  const InputError e("data.csv", 2, std::string("x\0y", 3), "not a number: '\x1b[31m'");
  EXPECT_EQ(std::string(e.what()), "data.csv:2: column 'x\\x00y': not a number: '\\x1b[31m'");
}

}  // namespace
}  // namespace topae
