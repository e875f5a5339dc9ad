#include "topae/data/table_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "table_source.hpp"
#include "topae/core/error.hpp"
#include "topae/core/finite.hpp"
#include "topae/core/memory.hpp"
#include "topae/data/expression.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {

std::string ReadOptions::description() const {
  std::vector<std::string> parts;
  if (!key.empty()) parts.push_back(fmt::format("key '{}'", key));
  if (!where.empty()) parts.push_back(fmt::format("where '{}'", where));
  if (nan == NanPolicy::drop) parts.push_back("NaN dropped");
  if (max_events > 0) parts.push_back(fmt::format("at most {} events", max_events));
  if (!exclude.empty()) parts.push_back(fmt::format("without {}", fmt::join(exclude, ", ")));
  return fmt::format("{}", fmt::join(parts, ", "));
}

namespace {

std::unique_ptr<TableSource> open_source(const std::filesystem::path& path, TableFormat format, const std::string& key) {
  if (format == TableFormat::csv) {
    if (!key.empty()) throw InputError(path, "--key names a table inside an HDF5 file; a CSV file holds one");
    return open_csv(path);
  }
  return open_hdf5(path, key);
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

struct TableReader::Impl {
  std::filesystem::path path;
  ReadOptions options;
  std::unique_ptr<TableSource> source;
  TableSchema schema;                    // after --exclude
  std::vector<Index> kept_columns;       // positions in the source's columns
  std::vector<Index> checked_columns;    // kept or read by --where: NaN and infinity matter there
  std::optional<Expression> where;
  std::vector<Index> where_columns;      // per name of the expression: a source column, or -1 label, -2 weight
  bool every_column = false;             // kept_columns is every source column, in order
  Dataset raw;                           // rows as read, reused from chunk to chunk
  Index read = 0, with_nan = 0, failing_where = 0, kept = 0;
  bool done = false;

  Impl(const std::filesystem::path& p, ReadOptions o, std::unique_ptr<TableSource> s)
      : path(p), options(std::move(o)), source(std::move(s)) {
    const TableSchema& stored = source->schema();
    // The stored names must make a table, before any row is read.
    Dataset empty;
    empty.columns = stored.columns;
    empty.truth = stored.truth;
    empty.values.resize(0, static_cast<Index>(stored.columns.size()));
    empty.check(path.string());

    std::vector<std::string> names = stored.columns;  // what --exclude and --where may name
    if (stored.label) names.push_back("label");
    if (stored.weight) names.push_back("weight");
    for (const auto& name : options.exclude) {
      const bool unreadable = std::any_of(source->unreadable().begin(), source->unreadable().end(),
                                          [&](const auto& u) { return u.first == name; });
      if (!contains(names, name) && !unreadable)
        throw InputError(path, fmt::format("--exclude: no column '{}' (columns: {})", name, fmt::join(names, ", ")));
    }
    for (const auto& [name, why] : source->unreadable()) {
      if (!contains(options.exclude, name))
        throw InputError(path, fmt::format("column '{}' is {}: leave it out with --exclude {}", name, why, name));
    }
    for (std::size_t j = 0; j < stored.columns.size(); ++j) {
      if (contains(options.exclude, stored.columns[j])) continue;
      schema.columns.push_back(stored.columns[j]);
      kept_columns.push_back(static_cast<Index>(j));
    }
    for (const auto& name : stored.truth)
      if (!contains(options.exclude, name)) schema.truth.push_back(name);
    schema.label = stored.label && !contains(options.exclude, "label");
    schema.weight = stored.weight && !contains(options.exclude, "weight");

    every_column = kept_columns.size() == stored.columns.size();
    checked_columns = kept_columns;
    if (!options.where.empty()) {
      where = Expression::parse(options.where, names);
      for (const auto& name : where->names()) {
        const auto it = std::find(stored.columns.begin(), stored.columns.end(), name);
        const Index column = it != stored.columns.end() ? it - stored.columns.begin() : name == "label" ? -1 : -2;
        where_columns.push_back(column);
        if (column >= 0 && !contains(schema.columns, name)) checked_columns.push_back(column);
      }
    }
  }

  bool weight_checked(const Dataset& raw) const {
    return raw.weight && (schema.weight || (where && contains(where->names(), "weight")));
  }

  // Whether `raw` is free of NaN and infinity in every column (not only the checked ones), in
  // one vectorized pass: the common case, which spares check_values' look at each value.
  bool all_finite(const Dataset& raw) const {
    return topae::all_finite(raw.values.data(), raw.values.size()) &&
           (!weight_checked(raw) || topae::all_finite(raw.weight->data(), raw.weight->size()));
  }

  // Handles --nan and infinity in `raw`; returns per row whether it stays.
  std::vector<bool> check_values(const Dataset& raw) {
    const Index n = raw.n_events();
    std::vector<bool> keep(static_cast<std::size_t>(n), true);
    const auto& columns = source->schema().columns;
    const bool weight_checked = this->weight_checked(raw);
    for (Index i = 0; i < n; ++i) {
      const auto check = [&](double v, const std::string& column) {
        if (std::isnan(v)) {
          if (options.nan == NanPolicy::fail)
            source->fail(i, column, "missing value (NaN); --nan drop leaves such events out");
          keep[static_cast<std::size_t>(i)] = false;
        } else if (!std::isfinite(v)) {
          source->fail(i, column, fmt::format("not finite: {}", v));
        }
      };
      for (const Index j : checked_columns) check(raw.values(i, j), columns[static_cast<std::size_t>(j)]);
      if (weight_checked) check((*raw.weight)(i), "weight");
      if (!keep[static_cast<std::size_t>(i)]) ++with_nan;
    }
    return keep;
  }

  void apply_where(const Dataset& raw, std::vector<bool>& keep) {
    if (!where) return;
    Table values(raw.n_events(), static_cast<Index>(where_columns.size()));
    for (std::size_t k = 0; k < where_columns.size(); ++k) {
      const Index c = where_columns[k];
      const auto col = static_cast<Index>(k);
      if (c >= 0) {
        values.col(col) = raw.values.col(c);
      } else if (c == -1) {
        values.col(col) = raw.label->cast<double>();
      } else {
        values.col(col) = *raw.weight;
      }
    }
    const std::vector<bool> pass = where->evaluate(values);
    for (std::size_t i = 0; i < keep.size(); ++i) {
      if (keep[i] && !pass[i]) {
        keep[i] = false;
        ++failing_where;
      }
    }
  }

  Index chunk_rows() const {
    const auto width = std::max<std::size_t>(1, source->schema().columns.size());
    return std::clamp<Index>(TableReader::kChunkValues / static_cast<Index>(width), 1, 65536);
  }

  bool next(Dataset& chunk, Index max_rows) {
    if (max_rows == 0) max_rows = chunk_rows();
    if (max_rows < 1) throw InputError(fmt::format("TableReader::next: {} rows asked for", max_rows));
    while (!done) {
      if (options.max_events > 0 && kept >= options.max_events) break;
      const Index n = source->read(max_rows, raw);
      if (n == 0) break;
      read += n;
      std::vector<Index> rows;
      const bool every_row = !where && all_finite(raw);
      if (every_row) {
        rows.resize(static_cast<std::size_t>(n));
        for (Index i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = i;
      } else {
        std::vector<bool> keep = check_values(raw);
        apply_where(raw, keep);
        for (Index i = 0; i < n; ++i)
          if (keep[static_cast<std::size_t>(i)]) rows.push_back(i);
      }
      if (options.max_events > 0 && kept + static_cast<Index>(rows.size()) > options.max_events)
        rows.resize(static_cast<std::size_t>(options.max_events - kept));
      if (rows.empty()) continue;
      kept += static_cast<Index>(rows.size());
      chunk.columns = schema.columns;
      chunk.truth = schema.truth;
      if (static_cast<Index>(rows.size()) == n && every_column) {
        // Every row and column as read: the buffers change hands instead of being copied
        // (raw gets the chunk's old ones, of the same size, to read the next rows into).
        chunk.values.swap(raw.values);
        chunk.label.swap(raw.label);
        chunk.weight.swap(raw.weight);
        if (!schema.label) chunk.label.reset();
        if (!schema.weight) chunk.weight.reset();
        return true;
      }
      chunk.values.resize(static_cast<Index>(rows.size()), static_cast<Index>(kept_columns.size()));
      for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < kept_columns.size(); ++c)
          chunk.values(static_cast<Index>(r), static_cast<Index>(c)) = raw.values(rows[r], kept_columns[c]);
      chunk.label.reset();
      chunk.weight.reset();
      if (schema.label) chunk.label = raw.label.value()(rows);
      if (schema.weight) chunk.weight = raw.weight.value()(rows);
      return true;
    }
    done = true;
    return false;
  }

  // "1000 events read, 12 with NaN dropped, 488 failing --where: 500 kept"
  std::string counts() const {
    std::string s = fmt::format("{} events read", read);
    if (with_nan > 0) s += fmt::format(", {} with NaN dropped", with_nan);
    if (where) s += fmt::format(", {} failing --where", failing_where);
    if (options.max_events > 0 && kept == options.max_events) s += fmt::format(", stopped at --max-events {}", kept);
    return s + fmt::format(": {} kept", kept);
  }
};

TableReader::TableReader(const std::filesystem::path& path, ReadOptions options)
    : impl_(std::make_unique<Impl>(path, options, open_source(path, table_format(path), options.key))) {}
TableReader::TableReader(TableReader&&) noexcept = default;
TableReader::~TableReader() = default;

const std::filesystem::path& TableReader::path() const { return impl_->path; }
const TableSchema& TableReader::schema() const { return impl_->schema; }
std::optional<Index> TableReader::file_rows() const { return impl_->source->rows(); }
Index TableReader::chunk_rows() const { return impl_->chunk_rows(); }
bool TableReader::next(Dataset& chunk, Index max_rows) { return impl_->next(chunk, max_rows); }
Index TableReader::rows_read() const { return impl_->read; }
Index TableReader::rows_with_nan() const { return impl_->with_nan; }
Index TableReader::rows_failing_where() const { return impl_->failing_where; }
Index TableReader::rows_kept() const { return impl_->kept; }
std::string TableReader::summary() const { return impl_->counts(); }

namespace {

// Every kept event of `reader`, in one table. Where the file says how many rows it holds,
// the table is sized for them once and filled in place (shrunk at the end if a selection
// left some out), so reading costs the table's size, not twice that; otherwise the chunks
// are gathered and joined.
Dataset read_all(TableReader::Impl& reader) {
  Dataset all;
  all.columns = reader.schema.columns;
  all.truth = reader.schema.truth;
  const auto n_columns = static_cast<Index>(all.columns.size());
  const Index width = std::max<Index>(1, n_columns);
  Index capacity = reader.source->rows().value_or(0);
  if (reader.options.max_events > 0) capacity = std::min(capacity, reader.options.max_events);
  if (capacity > kMaxTableValues / width) capacity = 0;  // found out below, with the events that pass
  const auto reserve = [&](Index rows) {
    all.values.conservativeResize(rows, n_columns);
    if (reader.schema.label) {
      if (!all.label) all.label.emplace();
      all.label->conservativeResize(rows);
    }
    if (reader.schema.weight) {
      if (!all.weight) all.weight.emplace();
      all.weight->conservativeResize(rows);
    }
  };
  reserve(capacity);
  Index rows = 0;
  Dataset chunk;
  while (reader.next(chunk, 0)) {
    const Index n = chunk.n_events();
    if (rows + n > kMaxTableValues / width) {
      throw InputError(reader.path, fmt::format("more than {} events x {} columns, the {} values a table may hold at "
                                                "once (--max-events or --where read fewer)",
                                                rows + n, width, kMaxTableValues));
    }
    if (rows + n > all.n_events()) reserve(std::max(rows + n, 2 * all.n_events()));
    all.values.middleRows(rows, n) = chunk.values;
    if (all.label) all.label->segment(rows, n) = *chunk.label;
    if (all.weight) all.weight->segment(rows, n) = *chunk.weight;
    rows += n;
  }
  if (rows == 0) throw InputError(reader.path, "no events left: " + reader.counts());
  if (rows < all.n_events()) reserve(rows);
  return all;
}

}  // namespace

Dataset read_table(const std::filesystem::path& path, const ReadOptions& options) {
  return with_memory_context("reading " + path.string(), [&] {
    TableReader::Impl reader(path, options, open_source(path, table_format(path), options.key));
    return read_all(reader);
  });
}

}  // namespace topae::data
