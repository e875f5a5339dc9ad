#include "topae/report/html_text.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/table_support.hpp"
#include "support/temp_dir.hpp"
#include "topae/core/error.hpp"

namespace topae::report {
namespace {

using test::contains;

TEST(HtmlText, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape(R"(<b class="x">Tom's & Jerry's</b>)"),
            "&lt;b class=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/b&gt;");
  EXPECT_EQ(html_escape("θ ∈ [0, 2π)"), "θ ∈ [0, 2π)");  // UTF-8 passes unchanged
  EXPECT_EQ(html_escape(""), "");
}

TEST(HtmlText, Base64MatchesRfc4648) {
  // The test vectors of RFC 4648, section 10.
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string("\x00\xff\xfe", 3)), "AP/+");
}

class HtmlTextFiles : public test::TempDirTest {};

TEST_F(HtmlTextFiles, ImagesBecomeDataUris) {
  test::write_text(path("a.SVG"), "<svg/>");
  EXPECT_EQ(image_data_uri(path("a.SVG")), "data:image/svg+xml;base64,PHN2Zy8+");
  EXPECT_EQ(image_mime_type("x.png"), "image/png");
  EXPECT_EQ(image_mime_type("x.jpeg"), "image/jpeg");
  EXPECT_EQ(image_mime_type("x.pdf"), "");

  test::write_text(path("notes.txt"), "text");
  test::write_text(path("empty.png"), "");
  for (const char* name : {"notes.txt", "empty.png", "missing.png"}) {
    try {
      image_data_uri(path(name));
      ADD_FAILURE() << "no InputError for " << name;
    } catch (const InputError& e) {
      EXPECT_TRUE(contains(e.what(), {path(name).string()}));
    }
  }
}

TEST(HtmlText, ScriptJsonCannotCloseItsScript) {
  const nlohmann::ordered_json value = {{"caption", "</script><!-- x"}, {"z", {0.5, -1}}};
  const std::string text = script_json(value);
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(nlohmann::ordered_json::parse(text), value);
}

}  // namespace
}  // namespace topae::report
