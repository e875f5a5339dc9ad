// CSV tables (layout in docs/formats.md).
//
// Reading loads the whole file into memory and parses each field in place with core's
// read_double (std::from_chars), so there is no per-field allocation: a 1e6 x 12 table reads
// in about a second. Writing prints every double in its shortest round-trip form (plus ".0" on integral
// values, for pandas), so write -> read is exact.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/parse.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {
namespace {

namespace fs = std::filesystem;

// Spreadsheets start CSV files with one.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// "FILE:LINE: WHAT", for errors that concern a whole line rather than one column.
InputError line_error(const fs::path& path, long line, const std::string& what) {
  return InputError(fmt::format("{}:{}: {}", path.string(), line, what));
}

std::string read_whole_file(const fs::path& path) {
  std::error_code status_error;
  if (fs::is_directory(path, status_error)) throw InputError(path, "cannot open: it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, fmt::format("cannot open: {}", std::strerror(errno)));
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw InputError(path, fmt::format("cannot read: {}", ec.message()));
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) throw InputError(path, "cannot read: short read");
  return text;
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Walks the text line by line, counting lines from 1 and dropping a trailing '\r'.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}

  bool next(std::string_view& line) {
    if (rest_.empty()) return false;
    const auto eol = rest_.find('\n');
    line = rest_.substr(0, eol);
    rest_ = eol == std::string_view::npos ? std::string_view() : rest_.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number_;
    return true;
  }
  long number() const { return number_; }
  // Lines left, at most, and bytes left.
  Index lines_left() const { return static_cast<Index>(std::count(rest_.begin(), rest_.end(), '\n')) + 1; }
  Index bytes_left() const { return static_cast<Index>(rest_.size()); }

 private:
  std::string_view rest_;
  long number_ = 0;
};

std::vector<std::string> split_names(std::string_view line) {
  std::vector<std::string> names;
  while (true) {
    const auto comma = line.find(',');
    names.emplace_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return names;
    line.remove_prefix(comma + 1);
  }
}

// Quotes a field for an error message, shortened so one bad line stays one line.
std::string quoted(std::string_view field) {
  constexpr std::size_t max_length = 40;
  if (field.size() > max_length) return fmt::format("\"{}...\"", field.substr(0, max_length));
  return fmt::format("\"{}\"", field);
}

struct Header {
  std::vector<std::string> names;  // every field of the header line
  std::vector<int> destination;    // per field: feature column, or kLabel / kWeight
  static constexpr int kLabel = -1;
  static constexpr int kWeight = -2;
};

Header parse_header(std::string_view line, long line_number, const fs::path& path) {
  Header header;
  header.names = split_names(line);
  std::unordered_set<std::string> seen;
  int n_features = 0;
  for (std::size_t j = 0; j < header.names.size(); ++j) {
    const auto& name = header.names[j];
    if (name.empty()) {
      throw line_error(
          path, line_number,
          fmt::format("empty column name in field {} of the header (a pandas index? write with index=False)", j + 1));
    }
    if (name.find('"') != std::string::npos) {
      throw InputError(path, line_number, name, "quoted column names are not supported");
    }
    if (!seen.insert(name).second) throw InputError(path, line_number, name, "duplicate column name");
    header.destination.push_back(name == "label" ? Header::kLabel : name == "weight" ? Header::kWeight : n_features++);
  }
  // A first line of numbers is data, not names: taking it as a header would drop an event
  // and train on columns called "1.0".
  double ignored = 0;
  if (std::all_of(header.names.begin(), header.names.end(),
                  [&](const std::string& name) { return read_double(name, ignored) == NumberError::none; }))
    throw line_error(path, line_number, "no header: the first line holds numbers, not column names");
  return header;
}

// Parses "# truth: a, b" into {a, b}; returns false for any other comment.
bool parse_truth_comment(std::string_view line, std::vector<std::string>& truth) {
  line = trim(line.substr(1));
  constexpr std::string_view key = "truth:";
  if (line.substr(0, key.size()) != key) return false;
  line = trim(line.substr(key.size()));
  truth = line.empty() ? std::vector<std::string>() : split_names(line);
  return true;
}

// Appends the shortest text that reads back as the same double ("{}"), with ".0" added to
// integral values as Python's repr does, so that pandas reads the column as float64 and
// keeps -0.0.
void append_double(fmt::memory_buffer& buffer, double value) {
  const auto start = buffer.size();
  fmt::format_to(std::back_inserter(buffer), "{}", value);
  const std::string_view text(buffer.data() + start, buffer.size() - start);
  if (text.find_first_of(".e") == std::string_view::npos) buffer.append(std::string_view(".0"));
}

// Column names must survive the trip through a header line unchanged. A name starting with
// the UTF-8 byte-order mark would lose it: first in the file, the reader takes it for one.
void check_writable_name(const std::string& name, const fs::path& path) {
  const bool bad_char = name.find_first_of(",\"\r\n") != std::string::npos;
  const bool padded = trim(name).size() != name.size();
  const bool bom = std::string_view(name).substr(0, kUtf8Bom.size()) == kUtf8Bom;
  if (bad_char || padded || bom || name.front() == '#') {
    throw InputError(path, fmt::format("column name '{}' cannot be written to CSV (no commas, quotes, line breaks, "
                                       "leading '#' or byte-order mark, or surrounding spaces)",
                                       name));
  }
}

}  // namespace

Dataset read_csv(const std::filesystem::path& path) {
  const std::string text = read_whole_file(path);
  std::string_view content = text;
  if (content.substr(0, kUtf8Bom.size()) == kUtf8Bom) content.remove_prefix(kUtf8Bom.size());
  LineReader lines(content);
  std::string_view line;

  // Leading comments (one may list the truth columns) and blank lines, then the header.
  std::vector<std::string> truth;
  long truth_line = 0;
  bool have_header = false;
  while (lines.next(line)) {
    line = trim(line);
    if (line.empty()) continue;
    if (line.front() != '#') {
      have_header = true;
      break;
    }
    std::vector<std::string> names;
    if (parse_truth_comment(line, names)) {
      if (truth_line != 0)
        throw line_error(path, lines.number(), fmt::format("second '# truth:' line (first on line {})", truth_line));
      truth = std::move(names);
      truth_line = lines.number();
    }
  }
  if (!have_header)
    throw InputError(path, content.find_first_not_of(" \t\r\n") == std::string_view::npos
                               ? "empty file"
                               : "no header line (only comments)");
  const long header_line = lines.number();
  const Header header = parse_header(line, header_line, path);
  const auto n_fields = header.names.size();

  Dataset dataset;
  for (std::size_t j = 0; j < n_fields; ++j) {
    if (header.destination[j] >= 0) dataset.columns.push_back(header.names[j]);
  }
  for (const auto& name : truth) {
    if (std::find(dataset.columns.begin(), dataset.columns.end(), name) == dataset.columns.end()) {
      throw InputError(path, truth_line, name, "truth column is not in the header");
    }
  }
  dataset.truth = std::move(truth);

  // Sized for the most events the rest of the file can hold, shrunk at the end: every line
  // left, but no more than rows of the shortest form ("0,0,...,0\n", 2 bytes a field), so
  // that many blank lines under a wide header cannot ask for lines x columns doubles.
  const auto n_features = static_cast<Index>(dataset.columns.size());
  const Index shortest_row = 2 * static_cast<Index>(n_fields);
  const Index capacity = std::min(lines.lines_left(), lines.bytes_left() / shortest_row + 1);
  if (capacity > kMaxTableValues / std::max<Index>(n_features, 1)) {
    throw InputError(path, fmt::format("room for {} events x {} columns, more than the {} values a table may have",
                                       capacity, n_features, kMaxTableValues));
  }
  Table values(capacity, n_features);
  const bool has_label = std::count(header.destination.begin(), header.destination.end(), Header::kLabel) > 0;
  const bool has_weight = std::count(header.destination.begin(), header.destination.end(), Header::kWeight) > 0;
  Eigen::VectorXi label(has_label ? capacity : 0);
  Eigen::VectorXd weight(has_weight ? capacity : 0);

  Index n_events = 0;
  long blank_line = 0;  // a blank line is fine only if nothing but blank lines follows
  while (lines.next(line)) {
    if (trim(line).empty()) {
      if (blank_line == 0) blank_line = lines.number();
      continue;
    }
    if (blank_line != 0) throw line_error(path, blank_line, "blank line between events");
    const long line_number = lines.number();
    std::string_view rest = line;
    for (std::size_t j = 0; j < n_fields; ++j) {
      const auto comma = rest.find(',');
      const bool last_field = j + 1 == n_fields;
      if (comma == std::string_view::npos && !last_field) {
        throw InputError(path, line_number, header.names[j + 1],
                         fmt::format("missing field: row has {} fields, header has {}", j + 1, n_fields));
      }
      if (comma != std::string_view::npos && last_field) {
        const auto extra = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), ','));
        throw line_error(path, line_number,
                         fmt::format("row has {} fields, header has {}", n_fields + extra, n_fields));
      }
      const std::string_view field = trim(rest.substr(0, comma));
      if (!last_field) rest.remove_prefix(comma + 1);

      double value;
      if (const char* problem = describe(read_double(field, value))) {
        const bool show_field = !field.empty();
        throw InputError(path, line_number, header.names[j],
                         show_field ? fmt::format("{}: {}", problem, quoted(field)) : std::string(problem));
      }
      const int destination = header.destination[j];
      if (destination >= 0) {
        values(n_events, destination) = value;
      } else if (destination == Header::kWeight) {
        weight(n_events) = value;
      } else {
        // Integral floats ("1.0", numpy.savetxt's "1.000000000000000000e+00") are accepted.
        const bool integral = value == std::floor(value) && value >= std::numeric_limits<int>::min() &&
                              value <= std::numeric_limits<int>::max();
        if (!integral)
          throw InputError(path, line_number, header.names[j], fmt::format("not an integer: {}", quoted(field)));
        label(n_events) = static_cast<int>(value);
      }
    }
    ++n_events;
  }
  if (n_events == 0) throw InputError(path, fmt::format("no events: nothing after the header on line {}", header_line));

  values.conservativeResize(n_events, n_features);
  dataset.values = std::move(values);
  if (has_label) dataset.label = label.head(n_events);
  if (has_weight) dataset.weight = weight.head(n_events);
  dataset.check_storable(path.string());
  return dataset;
}

void write_csv(const Dataset& dataset, const std::filesystem::path& path) {
  dataset.check_storable(path.string());
  for (const auto& name : dataset.columns) check_writable_name(name, path);

  AtomicFile file(path);
  const auto close = [](std::FILE* f) { std::fclose(f); };
  std::unique_ptr<std::FILE, decltype(close)> out(std::fopen(file.temp_path().c_str(), "wb"), close);
  if (!out) throw InputError(path, fmt::format("cannot open for writing: {}", std::strerror(errno)));

  fmt::memory_buffer buffer;
  const auto flush = [&] {
    if (std::fwrite(buffer.data(), 1, buffer.size(), out.get()) != buffer.size()) {
      throw InputError(path, fmt::format("write failed: {}", std::strerror(errno)));
    }
    buffer.clear();
    throw_if_interrupted();  // a large table takes a while
  };
  auto it = std::back_inserter(buffer);

  if (!dataset.truth.empty()) fmt::format_to(it, "# truth: {}\n", fmt::join(dataset.truth, ","));
  fmt::format_to(it, "{}", fmt::join(dataset.columns, ","));
  if (dataset.label) fmt::format_to(it, ",label");
  if (dataset.weight) fmt::format_to(it, ",weight");
  fmt::format_to(it, "\n");

  constexpr std::size_t flush_size = 1 << 20;
  const Table& values = dataset.values;
  for (Index i = 0; i < values.rows(); ++i) {
    for (Index j = 0; j < values.cols(); ++j) {
      if (j > 0) buffer.push_back(',');
      append_double(buffer, values(i, j));
    }
    if (dataset.label) fmt::format_to(it, ",{}", (*dataset.label)(i));
    if (dataset.weight) {
      buffer.push_back(',');
      append_double(buffer, (*dataset.weight)(i));
    }
    buffer.push_back('\n');
    if (buffer.size() >= flush_size) flush();
  }
  flush();
  if (std::fclose(out.release()) != 0) throw InputError(path, fmt::format("write failed: {}", std::strerror(errno)));
  file.commit();
}

}  // namespace topae::data
