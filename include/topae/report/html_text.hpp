#pragma once
// Putting text and files into an HTML page: escaping, base64, data URIs, and JSON that can
// sit inside a <script> element. Used by the HTML report (html_report.hpp).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace topae::report {

// `text` safe as HTML element content and as a quoted attribute value: & < > " ' become
// &amp; &lt; &gt; &quot; &#39;. Everything else, UTF-8 included, passes unchanged.
std::string html_escape(std::string_view text);

// RFC 4648 base64 of the bytes of `bytes`, with '=' padding and no line breaks.
std::string base64(std::string_view bytes);

// The MIME type of an image file by its extension (any case): .svg image/svg+xml, .png
// image/png, .jpg/.jpeg image/jpeg, .gif image/gif, .webp image/webp; "" for anything else.
std::string image_mime_type(const std::filesystem::path& file);

// The image file as a "data:<mime>;base64,..." URI, usable in <img src>. Throws InputError
// naming the file if its extension is not an image type above, or it cannot be read or is empty.
std::string image_data_uri(const std::filesystem::path& file);

// `value` as compact JSON to place between <script type="application/json"> and </script>:
// every '<' is written as \u003c, so no "</script" or "<!--" can appear in it. The page's
// script reads it back with JSON.parse unchanged.
std::string script_json(const nlohmann::ordered_json& value);

}  // namespace topae::report
