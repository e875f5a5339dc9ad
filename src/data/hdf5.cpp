// HDF5 tables (layout in docs/formats.md), through the HDF5 C API.
//
// Every identifier is owned by a Handle, so nothing leaks when an error throws halfway.
// HDF5's own error printing is switched off; each failure becomes one InputError naming the
// file and the dataset or attribute.
#include <fmt/format.h>
#include <hdf5.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "topae/core/atomic_file.hpp"
#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data {
namespace {

namespace fs = std::filesystem;

// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), closer_(other.closer_) {}
  ~Handle() { close(); }

  hid_t get() const { return id_; }
  // Closes now, so that a failure (say, while flushing a file) can be reported.
  herr_t close() { return id_ >= 0 ? closer_(std::exchange(id_, -1)) : 0; }

 private:
  hid_t id_;
  Closer closer_;
};

Handle checked(hid_t id, Handle::Closer closer, const fs::path& path, const std::string& what) {
  if (id < 0) throw InputError(path, what);
  return Handle(id, closer);
}

void checked(herr_t status, const fs::path& path, const std::string& what) {
  if (status < 0) throw InputError(path, what);
}

// The library prints its error stack to stderr by default; we report errors ourselves.
void silence_hdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

bool is_numeric(hid_t type) {
  const H5T_class_t type_class = H5Tget_class(type);
  return type_class == H5T_INTEGER || type_class == H5T_FLOAT;
}

// --- reading ---------------------------------------------------------------------------

// Frees the strings HDF5 allocated for a variable-length string read.
struct VlenStrings {
  hid_t type;
  hid_t space;
  std::vector<char*> pointers;
  ~VlenStrings() {
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(type, space, H5P_DEFAULT, pointers.data());
#else
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data());
#endif
  }
};

// A 1-D string attribute on `object`, variable- or fixed-length (h5py writes the former for
// a list of str, the latter for a numpy array of bytes), of `n_columns` names ("columns") or
// at most that many ("truth"): the count is checked before anything is read.
std::vector<std::string> read_string_attribute(hid_t object, const char* name, Index n_columns, bool exact,
                                               const fs::path& path) {
  const std::string where = fmt::format("attribute '{}' on dataset '/data'", name);
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, path, "cannot open " + where);
  Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, path, "cannot read the type of " + where);
  Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, path, "cannot read the shape of " + where);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Sget_simple_extent_ndims(space.get()) != 1) {
    throw InputError(path, where + " must be a 1-D array of strings");
  }
  const hssize_t n_declared = H5Sget_simple_extent_npoints(space.get());
  if (n_declared < 0) throw InputError(path, "cannot read the shape of " + where);
  if (exact ? n_declared != n_columns : n_declared > n_columns) {
    throw InputError(path, fmt::format("{} has {} names for {} columns", where, n_declared, n_columns));
  }
  const auto n = static_cast<std::size_t>(n_declared);
  std::vector<std::string> strings;
  strings.reserve(n);

  if (H5Tis_variable_str(type.get()) > 0) {
    Handle memory_type = checked(H5Tcopy(H5T_C_S1), H5Tclose, path, "cannot read " + where);
    checked(H5Tset_size(memory_type.get(), H5T_VARIABLE), path, "cannot read " + where);
    // Same character set as the file, so no (unsupported) ASCII <-> UTF-8 conversion is asked for.
    checked(H5Tset_cset(memory_type.get(), H5Tget_cset(type.get())), path, "cannot read " + where);
    VlenStrings buffer{memory_type.get(), space.get(), std::vector<char*>(n, nullptr)};
    checked(H5Aread(attribute.get(), memory_type.get(), buffer.pointers.data()), path, "cannot read " + where);
    for (const char* s : buffer.pointers) strings.emplace_back(s != nullptr ? s : "");
  } else {
    // Fixed length: read the raw bytes, then cut each string at its padding (NUL or space).
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0 || H5Aget_storage_size(attribute.get()) < n * size) throw InputError(path, "cannot read " + where);
    std::vector<char> bytes(n * size);
    checked(H5Aread(attribute.get(), type.get(), bytes.data()), path, "cannot read " + where);
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view s(bytes.data() + i * size, size);
      s = s.substr(0, s.find('\0'));
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      strings.emplace_back(s);
    }
  }
  return strings;
}

bool has_link(hid_t file, const char* name) { return H5Lexists(file, name, H5P_DEFAULT) > 0; }

// Deflate, the strongest filter in libhdf5, compresses at most 1032:1.
constexpr double kMaxCompressionRatio = 1100;

// Checks the `n_values` elements that `dataset` (`where`, of shape `shape`) declares against
// kMaxTableValues and against the bytes the file stores for it, before anything is
// allocated: a few kilobytes of chunked dataset may declare 1e12 rows that were never
// written (HDF5 would return its fill value for them). Compressed data may be smaller than
// it declares, by at most kMaxCompressionRatio.
void check_declared_size(hid_t file, hid_t dataset, hid_t type, hsize_t n_values, const std::string& where,
                         const std::string& shape, const fs::path& path) {
  if (n_values > static_cast<hsize_t>(kMaxTableValues)) {
    throw InputError(path, fmt::format("{} declares {} = {} values, more than the {} a table may have", where, shape,
                                       n_values, kMaxTableValues));
  }
  Handle plist = checked(H5Dget_create_plist(dataset), H5Pclose, path, "cannot read the storage of " + where);
  const H5D_layout_t layout = H5Pget_layout(plist.get());
  if (layout == H5D_VIRTUAL) throw InputError(path, where + " is a virtual dataset (not supported)");
  if (H5Pget_external_count(plist.get()) != 0) {
    throw InputError(path, where + " keeps its values in external files (not supported)");
  }
  const hsize_t element_bytes = H5Tget_size(type);
  if (element_bytes == 0 || element_bytes > (hsize_t{1} << 16)) {
    throw InputError(path, fmt::format("{} has elements of {} bytes (not a number type)", where, element_bytes));
  }
  // n_values <= 2^31 and elements of at most 2^16 bytes: the product fits.
  const hsize_t declared_bytes = n_values * element_bytes;
  const hsize_t stored_bytes = H5Dget_storage_size(dataset);
  const double ratio = H5Pget_nfilters(plist.get()) > 0 ? kMaxCompressionRatio : 1.0;
  if (static_cast<double>(declared_bytes) > static_cast<double>(stored_bytes) * ratio) {
    hsize_t file_bytes = 0;
    H5Fget_filesize(file, &file_bytes);
    throw InputError(path, fmt::format("{} declares {} = {} values ({} bytes) but the file stores {} bytes of them "
                                       "(the file has {} bytes): unwritten or truncated",
                                       where, shape, n_values, declared_bytes, stored_bytes, file_bytes));
  }
}

// A 1-D numeric dataset of length n_events, converted to double; nullopt if it is absent.
std::optional<Eigen::VectorXd> read_vector(hid_t file, const char* name, Index n_events, const fs::path& path) {
  if (!has_link(file, name)) return std::nullopt;
  const std::string where = fmt::format("dataset '{}'", name);
  Handle dataset = checked(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, path, "cannot open " + where);
  Handle type = checked(H5Dget_type(dataset.get()), H5Tclose, path, "cannot read the type of " + where);
  Handle space = checked(H5Dget_space(dataset.get()), H5Sclose, path, "cannot read the shape of " + where);
  if (!is_numeric(type.get())) throw InputError(path, where + " must be numeric");
  if (H5Sget_simple_extent_ndims(space.get()) != 1) throw InputError(path, where + " must be 1-D");
  const hssize_t n_declared = H5Sget_simple_extent_npoints(space.get());
  if (n_declared != n_events) {
    throw InputError(path, fmt::format("{} has {} entries for {} events", where, n_declared, n_events));
  }
  const auto n = static_cast<Index>(n_declared);
  check_declared_size(file, dataset.get(), type.get(), static_cast<hsize_t>(n), where, std::to_string(n), path);
  Eigen::VectorXd values(n);
  if (n > 0) {
    checked(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path,
            "cannot read " + where);
  }
  return values;
}

// Labels may be stored as any integer type, or as integral floats (numpy's default dtype).
Eigen::VectorXi to_labels(const Eigen::VectorXd& values, const fs::path& path) {
  Eigen::VectorXi labels(values.size());
  for (Index i = 0; i < values.size(); ++i) {
    const double v = values(i);
    const bool integral =
        v == std::floor(v) && v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max();
    if (!integral) throw InputError(path, fmt::format("dataset '/label', row {}: not an integer: {}", i, v));
    labels(i) = static_cast<int>(v);
  }
  return labels;
}

// --- writing ---------------------------------------------------------------------------

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

// A new dataset `name` of `rank` dimensions, stored as `file_type`, filled from `data`.
Handle write_dataset(hid_t file, const char* name, int rank, const hsize_t* dims, hid_t file_type, hid_t memory_type,
                     const void* data, const fs::path& path) {
  const std::string what = fmt::format("cannot write dataset '{}'", name);
  Handle space = checked(H5Screate_simple(rank, dims, nullptr), H5Sclose, path, what);
  Handle dataset = checked(H5Dcreate2(file, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           H5Dclose, path, what);
  checked(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), path, what);
  return dataset;
}

}  // namespace

Dataset read_hdf5(const std::filesystem::path& path) {
  silence_hdf5();
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(path, "cannot open: no such file");
  if (fs::is_directory(status)) throw InputError(path, "cannot open: it is a directory, not a file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path, "not an HDF5 file");
  Handle file = checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, path, "cannot open HDF5 file");

  if (!has_link(file.get(), "/data")) throw InputError(path, "no dataset '/data' (the events x columns table)");
  Handle data = checked(H5Dopen2(file.get(), "/data", H5P_DEFAULT), H5Dclose, path, "'/data' is not a dataset");
  Handle type = checked(H5Dget_type(data.get()), H5Tclose, path, "cannot read the type of dataset '/data'");
  Handle space = checked(H5Dget_space(data.get()), H5Sclose, path, "cannot read the shape of dataset '/data'");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank != 2) {
    throw InputError(path, fmt::format("dataset '/data' must be 2-D (events x columns), it has {} dimensions", rank));
  }
  if (!is_numeric(type.get())) throw InputError(path, "dataset '/data' must be numeric");
  hsize_t dims[2];
  if (H5Sget_simple_extent_dims(space.get(), dims, nullptr) != 2) {
    throw InputError(path, "cannot read the shape of dataset '/data'");
  }
  const std::string shape = fmt::format("{} x {}", dims[0], dims[1]);
  if (dims[1] != 0 && dims[0] > static_cast<hsize_t>(kMaxTableValues) / dims[1]) {
    throw InputError(path, fmt::format("dataset '/data' declares {} values, more than the {} a table may have", shape,
                                       kMaxTableValues));
  }
  check_declared_size(file.get(), data.get(), type.get(), dims[0] * dims[1], "dataset '/data'", shape, path);
  const auto n_rows = static_cast<Index>(dims[0]);
  const auto n_cols = static_cast<Index>(dims[1]);

  Dataset dataset;
  if (H5Aexists(data.get(), "columns") <= 0) {
    throw InputError(path, "dataset '/data' has no attribute 'columns' (the column names)");
  }
  dataset.columns = read_string_attribute(data.get(), "columns", n_cols, true, path);
  dataset.values.resize(n_rows, n_cols);
  // Row-major in memory, like the file: one read, converted to double by HDF5.
  if (dataset.values.size() > 0) {
    checked(H5Dread(data.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, dataset.values.data()), path,
            "cannot read dataset '/data'");
  }
  if (H5Aexists(data.get(), "truth") > 0) dataset.truth = read_string_attribute(data.get(), "truth", n_cols, false, path);

  if (auto label = read_vector(file.get(), "/label", dataset.n_events(), path)) dataset.label = to_labels(*label, path);
  dataset.weight = read_vector(file.get(), "/weight", dataset.n_events(), path);
  dataset.check_storable(path.string());
  return dataset;
}

void write_hdf5(const Dataset& dataset, const std::filesystem::path& path) {
  dataset.check_storable(path.string());
  silence_hdf5();
  AtomicFile atomic(path, AtomicFile::Temporary::named);  // HDF5 cannot create a file through /proc/self/fd
  {
    Handle file = checked(H5Fcreate(atomic.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                          path, "cannot create HDF5 file");
    {
      const hsize_t dims[2] = {static_cast<hsize_t>(dataset.values.rows()),
                               static_cast<hsize_t>(dataset.values.cols())};
      Handle data =
          write_dataset(file.get(), "/data", 2, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dataset.values.data(), path);
      write_string_attribute(data.get(), "columns", dataset.columns, path);
      if (!dataset.truth.empty()) write_string_attribute(data.get(), "truth", dataset.truth, path);
    }
    const hsize_t n_events[1] = {static_cast<hsize_t>(dataset.n_events())};
    if (dataset.label) {
      write_dataset(file.get(), "/label", 1, n_events, H5T_STD_I32LE, H5T_NATIVE_INT, dataset.label->data(), path);
    }
    if (dataset.weight) {
      write_dataset(file.get(), "/weight", 1, n_events, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dataset.weight->data(),
                    path);
    }
    // Closing flushes; a failure here means the file is incomplete.
    checked(file.close(), path, "cannot write HDF5 file");
  }
  atomic.commit();
}

}  // namespace topae::data
