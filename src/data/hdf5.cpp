// HDF5 tables in topae's layout (docs/formats.md): a 2-D dataset `data` (events x columns)
// with the names in its attribute `columns`, optional `label` and `weight`; read and written
// by rows, chunked and compressed. open_hdf5 also finds pandas frames (pandas.cpp).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "hdf5_support.hpp"
#include "table_source.hpp"
#include "topae/core/error.hpp"
#include "topae/core/interrupt.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {

std::unique_ptr<TableSource> open_pandas(const std::filesystem::path& path, hdf5::Handle file, const std::string& group);

namespace {

using hdf5::checked;
using hdf5::Handle;
namespace fs = std::filesystem;

// A 1-D numeric dataset of `n_events` entries beside the table, or none.
struct Column {
  std::string name;  // "/label", "/weight", or under the key's group
  std::optional<Handle> dataset;
};

Column open_column(hid_t file, const std::string& name, Index n_events, const fs::path& path) {
  if (!hdf5::has_link(file, name)) return {name, std::nullopt};
  const std::string where = fmt::format("dataset '{}'", name);
  Handle dataset = checked(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, path, "cannot open " + where);
  Handle type = checked(H5Dget_type(dataset.get()), H5Tclose, path, "cannot read the type of " + where);
  Handle space = checked(H5Dget_space(dataset.get()), H5Sclose, path, "cannot read the shape of " + where);
  if (!hdf5::is_numeric(type.get())) throw InputError(path, where + " must be numeric");
  if (H5Sget_simple_extent_ndims(space.get()) != 1) throw InputError(path, where + " must be 1-D");
  const hssize_t n_declared = H5Sget_simple_extent_npoints(space.get());
  if (n_declared != n_events) {
    throw InputError(path, fmt::format("{} has {} entries for {} events", where, n_declared, n_events));
  }
  hdf5::check_declared_size(file, dataset.get(), type.get(), static_cast<hsize_t>(n_events), where,
                            std::to_string(n_events), path);
  return {name, std::move(dataset)};
}

class Hdf5Source final : public TableSource {
 public:
  Hdf5Source(const fs::path& path, Handle file, const std::string& group)
      : path_(path), file_(std::move(file)), data_name_(group + "/data"),
        data_(checked(H5Dopen2(file_.get(), data_name_.c_str(), H5P_DEFAULT), H5Dclose, path,
                      fmt::format("'{}' is not a dataset", data_name_))) {
    const std::string where = fmt::format("dataset '{}'", data_name_);
    Handle type = checked(H5Dget_type(data_.get()), H5Tclose, path, "cannot read the type of " + where);
    Handle space = checked(H5Dget_space(data_.get()), H5Sclose, path, "cannot read the shape of " + where);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank != 2) {
      throw InputError(path, fmt::format("{} must be 2-D (events x columns), it has {} dimensions", where, rank));
    }
    if (!hdf5::is_numeric(type.get())) throw InputError(path, where + " must be numeric");
    hsize_t dims[2];
    if (H5Sget_simple_extent_dims(space.get(), dims, nullptr) != 2) {
      throw InputError(path, "cannot read the shape of " + where);
    }
    const std::string shape = fmt::format("{} x {}", dims[0], dims[1]);
    if (dims[1] != 0 && dims[0] > static_cast<hsize_t>(kMaxTableValues) / dims[1]) {
      throw InputError(path, fmt::format("{} declares {} values, more than the {} a table may have", where, shape,
                                         kMaxTableValues));
    }
    hdf5::check_declared_size(file_.get(), data_.get(), type.get(), dims[0] * dims[1], where, shape, path);
    rows_ = static_cast<Index>(dims[0]);
    const auto n_cols = static_cast<Index>(dims[1]);
    if (H5Aexists(data_.get(), "columns") <= 0) {
      throw InputError(path, where + " has no attribute 'columns' (the column names)");
    }
    const std::string on = fmt::format(" on {}", where);
    schema_.columns = hdf5::read_string_attribute(data_.get(), "columns", "attribute 'columns'" + on, n_cols, path);
    if (static_cast<Index>(schema_.columns.size()) != n_cols) {
      throw InputError(path, fmt::format("attribute 'columns'{} has {} names for {} columns", on,
                                         schema_.columns.size(), n_cols));
    }
    if (H5Aexists(data_.get(), "truth") > 0)
      schema_.truth = hdf5::read_string_attribute(data_.get(), "truth", "attribute 'truth'" + on, n_cols, path);
    label_ = open_column(file_.get(), group + "/label", rows_, path);
    weight_ = open_column(file_.get(), group + "/weight", rows_, path);
    schema_.label = label_.dataset.has_value();
    schema_.weight = weight_.dataset.has_value();
  }

  std::optional<Index> rows() const override { return rows_; }

  Index read(Index max_rows, Dataset& chunk) override {
    if (rows_ == 0) throw InputError(path_, "no events");
    const Index n = std::min(max_rows, rows_ - next_);
    chunk.columns = schema_.columns;
    chunk.truth = schema_.truth;
    // Row-major in memory, like the file: one read per chunk, converted to double by HDF5.
    chunk.values.resize(n, static_cast<Index>(schema_.columns.size()));
    const auto first = static_cast<hsize_t>(next_), count = static_cast<hsize_t>(n);
    if (chunk.values.size() > 0) {
      hdf5::read_rows(data_.get(), H5T_NATIVE_DOUBLE, first, count, chunk.values.data(),
                      fmt::format("dataset '{}'", data_name_), path_);
    }
    chunk.label.reset();
    chunk.weight.reset();
    if (label_.dataset) {
      Eigen::VectorXd values(n);
      hdf5::read_rows(label_.dataset->get(), H5T_NATIVE_DOUBLE, first, count, values.data(),
                      fmt::format("dataset '{}'", label_.name), path_);
      Eigen::VectorXi labels(n);
      for (Index i = 0; i < n; ++i) {
        const double v = values(i);
        if (!is_label_value(v))
          throw InputError(path_, fmt::format("dataset '{}', row {}: not an integer: {}", label_.name, next_ + i, v));
        labels(i) = static_cast<int>(v);
      }
      chunk.label = std::move(labels);
    }
    if (weight_.dataset) {
      chunk.weight = Eigen::VectorXd(n);
      hdf5::read_rows(weight_.dataset->get(), H5T_NATIVE_DOUBLE, first, count, chunk.weight->data(),
                      fmt::format("dataset '{}'", weight_.name), path_);
    }
    first_row_ = next_;
    next_ += n;
    return n;
  }

  [[noreturn]] void fail(Index row, const std::string& column, const std::string& what) const override {
    throw InputError(path_, fmt::format("row {}, column '{}': {}", first_row_ + row, column, what));
  }

 private:
  fs::path path_;
  Handle file_;
  std::string data_name_;
  Handle data_;
  Column label_, weight_;
  Index rows_ = 0, next_ = 0, first_row_ = 0;
};

// Every table in the file, for the message when --key is missing or wrong: pandas frames
// (groups with a pandas_type) and groups holding topae's `data`.
std::vector<std::string> table_keys(hid_t file) {
  std::vector<std::string> keys;
  const auto visit = [](hid_t location, const char* name, const H5L_info_t*, void* out) -> herr_t {
    auto& found = *static_cast<std::vector<std::string>*>(out);
    const std::string key = name;
    if (H5Aexists_by_name(location, name, "pandas_type", H5P_DEFAULT) > 0) found.push_back(key);
    if (key == "data" || key.ends_with("/data")) found.push_back(key == "data" ? "/" : key.substr(0, key.size() - 5));
    return 0;
  };
  H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &keys);
  return keys;
}

std::string listed(const std::vector<std::string>& keys) {
  return keys.empty() ? "the file holds no table" : fmt::format("keys: {}", fmt::join(keys, ", "));
}

// HDF5 storage of one dataset of the sink: extendible along the rows, chunked, compressed.
Handle create_extendible(hid_t file, const char* name, hid_t file_type, hsize_t columns, int rank,
                         const WriteOptions& options, const fs::path& path) {
  const std::string what = fmt::format("cannot write dataset '{}'", name);
  const hsize_t dims[2] = {0, columns}, max_dims[2] = {H5S_UNLIMITED, columns};
  // About 256 KiB per chunk: whole chunks are written in order and read through HDF5's 1 MiB cache.
  const hsize_t chunk_rows = std::max<hsize_t>(1, (hsize_t{1} << 18) / (H5Tget_size(file_type) * columns));
  const hsize_t chunk[2] = {chunk_rows, columns};
  Handle space = checked(H5Screate_simple(rank, dims, max_dims), H5Sclose, path, what);
  Handle plist = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, path, what);
  checked(H5Pset_chunk(plist.get(), rank, chunk), path, what);
  // No modification times in the object headers: the same table makes the same file bytes.
  checked(H5Pset_obj_track_times(plist.get(), false), path, what);
  if (options.compression == Compression::gzip) {
    // Shuffle first: grouping the doubles' bytes by significance doubles what deflate saves.
    checked(H5Pset_shuffle(plist.get()), path, what);
    checked(H5Pset_deflate(plist.get(), static_cast<unsigned>(options.gzip_level)), path, what);
  }
  return checked(H5Dcreate2(file, name, file_type, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT), H5Dclose,
                 path, what);
}

// Appends `rows` rows of `data` (in `memory_type`) to an extendible dataset now `written` rows long.
void append_rows(hid_t dataset, hid_t memory_type, hsize_t written, hsize_t rows, const void* data, const char* name,
                 const fs::path& path) {
  const std::string what = fmt::format("cannot write dataset '{}'", name);
  Handle space = checked(H5Dget_space(dataset), H5Sclose, path, what);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  hsize_t dims[2] = {0, 1};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  dims[0] = written + rows;
  checked(H5Dset_extent(dataset, dims), path, what);
  Handle extended = checked(H5Dget_space(dataset), H5Sclose, path, what);
  const hsize_t start[2] = {written, 0}, count[2] = {rows, dims[1]};
  checked(H5Sselect_hyperslab(extended.get(), H5S_SELECT_SET, start, nullptr, count, nullptr), path, what);
  Handle memory = checked(H5Screate_simple(rank, count, nullptr), H5Sclose, path, what);
  checked(H5Dwrite(dataset, memory_type, memory.get(), extended.get(), H5P_DEFAULT, data), path, what);
}

// A variable-length UTF-8 string array attribute, as h5py writes for a list of str.
void write_string_attribute(hid_t object, const char* name, const std::vector<std::string>& strings,
                            const fs::path& path) {
  const std::string what = fmt::format("cannot write attribute '{}' on dataset '/data'", name);
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, path, what);
  checked(H5Tset_size(type.get(), H5T_VARIABLE), path, what);
  checked(H5Tset_cset(type.get(), H5T_CSET_UTF8), path, what);
  const hsize_t dims[1] = {strings.size()};
  Handle space = checked(H5Screate_simple(1, dims, nullptr), H5Sclose, path, what);
  Handle attribute =
      checked(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose, path, what);
  std::vector<const char*> pointers;
  pointers.reserve(strings.size());
  for (const auto& s : strings) pointers.push_back(s.c_str());
  checked(H5Awrite(attribute.get(), type.get(), pointers.data()), path, what);
}

class Hdf5Sink final : public TableSink {
 public:
  Hdf5Sink(const fs::path& temp, const fs::path& path, const TableSchema& schema, const WriteOptions& options)
      : path_(path),
        file_(checked(H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, path,
                      "cannot create HDF5 file")),
        data_(create_extendible(file_.get(), "/data", H5T_IEEE_F64LE, schema.columns.size(), 2, options, path)) {
    write_string_attribute(data_.get(), "columns", schema.columns, path);
    if (!schema.truth.empty()) write_string_attribute(data_.get(), "truth", schema.truth, path);
    if (schema.label) label_.emplace(create_extendible(file_.get(), "/label", H5T_STD_I32LE, 1, 1, options, path));
    if (schema.weight) weight_.emplace(create_extendible(file_.get(), "/weight", H5T_IEEE_F64LE, 1, 1, options, path));
  }

  void append(const Dataset& chunk) override {
    const auto rows = static_cast<hsize_t>(chunk.n_events());
    if (rows == 0) return;
    append_rows(data_.get(), H5T_NATIVE_DOUBLE, written_, rows, chunk.values.data(), "/data", path_);
    if (label_) append_rows(label_->get(), H5T_NATIVE_INT, written_, rows, chunk.label->data(), "/label", path_);
    if (weight_) append_rows(weight_->get(), H5T_NATIVE_DOUBLE, written_, rows, chunk.weight->data(), "/weight", path_);
    written_ += rows;
    throw_if_interrupted();
  }

  void finish() override {
    data_.close();
    label_.reset();
    weight_.reset();
    // Closing flushes; a failure here means the file is incomplete.
    checked(file_.close(), path_, "cannot write HDF5 file");
  }

 private:
  fs::path path_;
  Handle file_;
  Handle data_;
  std::optional<Handle> label_, weight_;
  hsize_t written_ = 0;
};

}  // namespace

std::unique_ptr<TableSource> open_hdf5(const std::filesystem::path& path, const std::string& key) {
  Handle file = hdf5::open_file(path);
  std::string group = key;
  while (!group.empty() && group.front() == '/') group.erase(0, 1);
  while (!group.empty() && group.back() == '/') group.pop_back();
  if (group.empty() && (!key.empty() || hdf5::has_link(file.get(), "/data")))
    return std::make_unique<Hdf5Source>(path, std::move(file), "");
  if (group.empty()) {
    const auto keys = table_keys(file.get());
    if (keys.size() != 1) {
      throw InputError(path, keys.empty() ? "no dataset '/data' (the events x columns table) and no pandas frame"
                                          : fmt::format("no dataset '/data' and {} tables: choose one with --key ({})",
                                                        keys.size(), listed(keys)));
    }
    group = keys.front();
  } else if (!hdf5::has_link(file.get(), group)) {
    throw InputError(path, fmt::format("no key '{}' ({})", key, listed(table_keys(file.get()))));
  }
  if (H5Aexists_by_name(file.get(), group.c_str(), "pandas_type", H5P_DEFAULT) > 0)
    return open_pandas(path, std::move(file), group);
  if (hdf5::has_link(file.get(), group + "/data")) return std::make_unique<Hdf5Source>(path, std::move(file), "/" + group);
  throw InputError(path, fmt::format("key '{}' is neither a pandas frame nor a group holding 'data' ({})", key,
                                     listed(table_keys(file.get()))));
}

std::unique_ptr<TableSink> create_hdf5(const std::filesystem::path& temp, const std::filesystem::path& path,
                                       const TableSchema& schema, const WriteOptions& options) {
  hdf5::silence();
  return std::make_unique<Hdf5Sink>(temp, path, schema, options);
}

}  // namespace topae::data
