// CSV tables (layout in docs/formats.md), read and written chunk by chunk.
//
// Reading takes the file in blocks of 1 MiB and parses each field in place with core's
// read_double (std::from_chars), so there is no per-field allocation and memory does not grow
// with the file. Writing prints every double in its shortest round-trip form (plus ".0" on
// integral values, for pandas), so write -> read is exact.
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

#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/core/parse.hpp"
#include "table_source.hpp"

namespace topae::data {
namespace {

namespace fs = std::filesystem;

// Spreadsheets start CSV files with one.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// "FILE:LINE: WHAT", for errors that concern a whole line rather than one column.
InputError line_error(const fs::path& path, long line, const std::string& what) {
  return InputError(fmt::format("{}:{}: {}", path.string(), line, what));
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The file's lines, one at a time, read in blocks: lines counted from 1, a trailing '\r'
// dropped, and a UTF-8 byte-order mark at the start skipped. A line stays valid until the next.
class LineStream {
 public:
  explicit LineStream(const fs::path& path) : path_(path) {
    std::error_code status_error;
    if (fs::is_directory(path, status_error)) throw InputError(path, "cannot open: it is a directory, not a file");
    in_.open(path, std::ios::binary);
    if (!in_) throw InputError(path, fmt::format("cannot open: {}", std::strerror(errno)));
    fill();
    if (std::string_view(buffer_).substr(0, kUtf8Bom.size()) == kUtf8Bom) begin_ = kUtf8Bom.size();
  }

  bool next(std::string_view& line) {
    std::size_t eol;
    while ((eol = buffer_.find('\n', begin_)) == std::string::npos && !end_of_file_) fill();
    if (begin_ >= buffer_.size() && end_of_file_) return false;
    const std::size_t end = eol == std::string::npos ? buffer_.size() : eol;
    line = std::string_view(buffer_).substr(begin_, end - begin_);
    begin_ = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number_;
    return true;
  }
  long number() const { return number_; }

 private:
  // Drops the lines already read and appends the next block.
  void fill() {
    constexpr std::size_t kBlock = std::size_t{1} << 20;
    buffer_.erase(0, std::min(begin_, buffer_.size()));
    begin_ = 0;
    const std::size_t old_size = buffer_.size();
    buffer_.resize(old_size + kBlock);
    in_.read(buffer_.data() + old_size, static_cast<std::streamsize>(kBlock));
    buffer_.resize(old_size + static_cast<std::size_t>(in_.gcount()));
    if (in_.bad()) throw InputError(path_, fmt::format("cannot read: {}", std::strerror(errno)));
    end_of_file_ = in_.eof();
  }

  fs::path path_;
  std::ifstream in_;
  std::string buffer_;
  std::size_t begin_ = 0;
  bool end_of_file_ = false;
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


// A missing value: an empty field, or NaN as text ("nan", "NaN", as pandas and numpy write it).
bool is_missing(std::string_view field) {
  return field.empty() || (field.size() == 3 && (field[0] | 0x20) == 'n' && (field[1] | 0x20) == 'a' &&
                           (field[2] | 0x20) == 'n');
}

class CsvSource final : public TableSource {
 public:
  explicit CsvSource(const fs::path& path) : path_(path), lines_(path) {
    // Leading comments (one may list the truth columns) and blank lines, then the header.
    std::vector<std::string> truth;
    long truth_line = 0;
    bool have_header = false, only_blank = true;
    std::string_view line;
    while (lines_.next(line)) {
      line = trim(line);
      if (line.empty()) continue;
      only_blank = false;
      if (line.front() != '#') {
        have_header = true;
        break;
      }
      std::vector<std::string> names;
      if (parse_truth_comment(line, names)) {
        if (truth_line != 0)
          throw line_error(path, lines_.number(), fmt::format("second '# truth:' line (first on line {})", truth_line));
        truth = std::move(names);
        truth_line = lines_.number();
      }
    }
    if (!have_header) throw InputError(path, only_blank ? "empty file" : "no header line (only comments)");
    header_line_ = lines_.number();
    header_ = parse_header(line, header_line_, path);
    for (std::size_t j = 0; j < header_.names.size(); ++j) {
      const int destination = header_.destination[j];
      if (destination >= 0) schema_.columns.push_back(header_.names[j]);
      schema_.label = schema_.label || destination == Header::kLabel;
      schema_.weight = schema_.weight || destination == Header::kWeight;
    }
    for (const auto& name : truth) {
      if (std::find(schema_.columns.begin(), schema_.columns.end(), name) == schema_.columns.end()) {
        throw InputError(path, truth_line, name, "truth column is not in the header");
      }
    }
    schema_.truth = std::move(truth);
  }

  Index read(Index max_rows, Dataset& chunk) override {
    const auto n_fields = header_.names.size();
    chunk.columns = schema_.columns;
    chunk.truth = schema_.truth;
    // Room grows with the rows found, so that blank lines under a wide header allocate nothing.
    Index capacity = std::min<Index>(max_rows, 64);
    chunk.values.resize(capacity, static_cast<Index>(schema_.columns.size()));
    Eigen::VectorXi label(schema_.label ? capacity : 0);
    Eigen::VectorXd weight(schema_.weight ? capacity : 0);
    line_numbers_.clear();
    Index n = 0;
    std::string_view line;
    while (n < max_rows && lines_.next(line)) {
      if (trim(line).empty()) {
        if (blank_line_ == 0) blank_line_ = lines_.number();
        continue;
      }
      if (blank_line_ != 0) throw line_error(path_, blank_line_, "blank line between events");
      if (n == capacity) {
        capacity = std::min(max_rows, 2 * capacity);
        chunk.values.conservativeResize(capacity, Eigen::NoChange);
        if (schema_.label) label.conservativeResize(capacity);
        if (schema_.weight) weight.conservativeResize(capacity);
      }
      const long line_number = lines_.number();
      std::string_view rest = line;
      for (std::size_t j = 0; j < n_fields; ++j) {
        const auto comma = rest.find(',');
        const bool last_field = j + 1 == n_fields;
        if (comma == std::string_view::npos && !last_field) {
          throw InputError(path_, line_number, header_.names[j + 1],
                           fmt::format("missing field: row has {} fields, header has {}", j + 1, n_fields));
        }
        if (comma != std::string_view::npos && last_field) {
          const auto extra = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), ','));
          throw line_error(path_, line_number,
                           fmt::format("row has {} fields, header has {}", n_fields + extra, n_fields));
        }
        const std::string_view field = trim(rest.substr(0, comma));
        if (!last_field) rest.remove_prefix(comma + 1);

        const int destination = header_.destination[j];
        double value = std::numeric_limits<double>::quiet_NaN();
        if (!(destination != Header::kLabel && is_missing(field))) {
          if (const char* problem = describe(read_double(field, value))) {
            throw InputError(path_, line_number, header_.names[j],
                             field.empty() ? std::string(problem) : fmt::format("{}: {}", problem, quoted(field)));
          }
        }
        if (destination >= 0) {
          chunk.values(n, destination) = value;
        } else if (destination == Header::kWeight) {
          weight(n) = value;
        } else {
          if (!is_label_value(value))
            throw InputError(path_, line_number, header_.names[j], fmt::format("not an integer: {}", quoted(field)));
          label(n) = static_cast<int>(value);
        }
      }
      line_numbers_.push_back(line_number);
      ++n;
    }
    rows_ += n;
    if (n == 0 && rows_ == 0)
      throw InputError(path_, fmt::format("no events: nothing after the header on line {}", header_line_));
    chunk.values.conservativeResize(n, Eigen::NoChange);
    chunk.label.reset();
    chunk.weight.reset();
    if (schema_.label) chunk.label = label.head(n);
    if (schema_.weight) chunk.weight = weight.head(n);
    return n;
  }

  [[noreturn]] void fail(Index row, const std::string& column, const std::string& what) const override {
    throw InputError(path_, line_numbers_[static_cast<std::size_t>(row)], column, what);
  }

 private:
  fs::path path_;
  LineStream lines_;
  Header header_;
  long header_line_ = 0;
  long blank_line_ = 0;  // a blank line is fine only if nothing but blank lines follows
  Index rows_ = 0;
  std::vector<long> line_numbers_;  // of the last chunk's rows
};

class CsvSink final : public TableSink {
 public:
  CsvSink(const fs::path& temp, const fs::path& path, const TableSchema& schema)
      : path_(path), out_(std::fopen(temp.c_str(), "wb")) {
    for (const auto& name : schema.columns) check_writable_name(name, path);
    if (!out_) throw InputError(path, fmt::format("cannot open for writing: {}", std::strerror(errno)));
    auto it = std::back_inserter(buffer_);
    if (!schema.truth.empty()) fmt::format_to(it, "# truth: {}\n", fmt::join(schema.truth, ","));
    fmt::format_to(it, "{}", fmt::join(schema.columns, ","));
    if (schema.label) fmt::format_to(it, ",label");
    if (schema.weight) fmt::format_to(it, ",weight");
    fmt::format_to(it, "\n");
  }

  void append(const Dataset& chunk) override {
    constexpr std::size_t flush_size = 1 << 20;
    auto it = std::back_inserter(buffer_);
    const Table& values = chunk.values;
    for (Index i = 0; i < values.rows(); ++i) {
      for (Index j = 0; j < values.cols(); ++j) {
        if (j > 0) buffer_.push_back(',');
        append_double(buffer_, values(i, j));
      }
      if (chunk.label) fmt::format_to(it, ",{}", (*chunk.label)(i));
      if (chunk.weight) {
        buffer_.push_back(',');
        append_double(buffer_, (*chunk.weight)(i));
      }
      buffer_.push_back('\n');
      if (buffer_.size() >= flush_size) flush();
    }
  }

  void finish() override {
    flush();
    if (std::fclose(out_.release()) != 0) throw InputError(path_, fmt::format("write failed: {}", std::strerror(errno)));
  }

 private:
  void flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_.get()) != buffer_.size()) {
      throw InputError(path_, fmt::format("write failed: {}", std::strerror(errno)));
    }
    buffer_.clear();
    throw_if_interrupted();  // a large table takes a while
  }

  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  fs::path path_;
  std::unique_ptr<std::FILE, Close> out_;
  fmt::memory_buffer buffer_;
};

}  // namespace

std::unique_ptr<TableSource> open_csv(const std::filesystem::path& path) { return std::make_unique<CsvSource>(path); }

std::unique_ptr<TableSink> create_csv(const std::filesystem::path& temp, const std::filesystem::path& path,
                                      const TableSchema& schema) {
  return std::make_unique<CsvSink>(temp, path, schema);
}

}  // namespace topae::data
