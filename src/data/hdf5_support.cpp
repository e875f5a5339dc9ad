#include "hdf5_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "topae/core/error.hpp"
#include "topae/data/table_io.hpp"

namespace topae::data::hdf5 {
namespace {

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

// Deflate, the strongest filter in libhdf5, compresses at most 1032:1.
constexpr double kMaxCompressionRatio = 1100;

// The strings of a 1-D attribute or dataset of type `type` and shape `space`, read by `read`
// (H5Aread or H5Dread) with a memory type; `stored` is the bytes the file holds for it.
template <typename Read>
std::vector<std::string> read_strings(hid_t type, hid_t space, hsize_t stored, Index max_count, bool integers,
                                      const std::string& where, const fs::path& path, Read&& read) {
  const H5T_class_t type_class = H5Tget_class(type);
  if ((type_class != H5T_STRING && !(integers && type_class == H5T_INTEGER)) || H5Sget_simple_extent_ndims(space) != 1) {
    throw InputError(path, where + " must be a 1-D array of strings");
  }
  const hssize_t n_declared = H5Sget_simple_extent_npoints(space);
  if (n_declared < 0) throw InputError(path, "cannot read the shape of " + where);
  if (n_declared > max_count) {
    throw InputError(path, fmt::format("{} has {} names for at most {} columns", where, n_declared, max_count));
  }
  const auto n = static_cast<std::size_t>(n_declared);
  std::vector<std::string> strings;
  strings.reserve(n);
  if (type_class == H5T_INTEGER) {
    if (stored < n * H5Tget_size(type)) throw InputError(path, "cannot read " + where);
    std::vector<long long> numbers(n);
    checked(read(H5T_NATIVE_LLONG, numbers.data()), path, "cannot read " + where);
    for (const long long v : numbers) strings.push_back(std::to_string(v));
  } else if (H5Tis_variable_str(type) > 0) {
    Handle memory_type = checked(H5Tcopy(H5T_C_S1), H5Tclose, path, "cannot read " + where);
    checked(H5Tset_size(memory_type.get(), H5T_VARIABLE), path, "cannot read " + where);
    // Same character set as the file, so no (unsupported) ASCII <-> UTF-8 conversion is asked for.
    checked(H5Tset_cset(memory_type.get(), H5Tget_cset(type)), path, "cannot read " + where);
    VlenStrings buffer{memory_type.get(), space, std::vector<char*>(n, nullptr)};
    checked(read(memory_type.get(), buffer.pointers.data()), path, "cannot read " + where);
    for (const char* s : buffer.pointers) strings.emplace_back(s != nullptr ? s : "");
  } else {
    // Fixed length: read the raw bytes, then cut each string at its padding (NUL or space).
    const std::size_t size = H5Tget_size(type);
    if (size == 0 || stored < n * size) throw InputError(path, "cannot read " + where);
    std::vector<char> bytes(n * size);
    checked(read(type, bytes.data()), path, "cannot read " + where);
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view s(bytes.data() + i * size, size);
      s = s.substr(0, s.find('\0'));
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      strings.emplace_back(s);
    }
  }
  return strings;
}

}  // namespace

Handle checked(hid_t id, Handle::Closer closer, const fs::path& path, const std::string& what) {
  if (id < 0) throw InputError(path, what);
  return Handle(id, closer);
}

void checked(herr_t status, const fs::path& path, const std::string& what) {
  if (status < 0) throw InputError(path, what);
}

void silence() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

bool is_numeric(hid_t type) {
  const H5T_class_t type_class = H5Tget_class(type);
  return type_class == H5T_INTEGER || type_class == H5T_FLOAT;
}

bool has_link(hid_t location, const std::string& name) {
  // H5Lexists checks one link at a time: every parent of a path must exist first.
  std::size_t slash = name.front() == '/' ? 1 : 0;
  while ((slash = name.find('/', slash)) != std::string::npos) {
    if (H5Lexists(location, name.substr(0, slash).c_str(), H5P_DEFAULT) <= 0) return false;
    ++slash;
  }
  return H5Lexists(location, name.c_str(), H5P_DEFAULT) > 0;
}

Handle open_file(const fs::path& path) {
  silence();
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(path, "cannot open: no such file");
  if (fs::is_directory(status)) throw InputError(path, "cannot open: it is a directory, not a file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path, "not an HDF5 file");
  return checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, path, "cannot open HDF5 file");
}

std::vector<std::string> read_string_attribute(hid_t object, const char* name, const std::string& where,
                                               Index max_count, const fs::path& path) {
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, path, "cannot open " + where);
  Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, path, "cannot read the type of " + where);
  Handle space = checked(H5Aget_space(attribute.get()), H5Sclose, path, "cannot read the shape of " + where);
  return read_strings(type.get(), space.get(), H5Aget_storage_size(attribute.get()), max_count, false, where, path,
                      [&](hid_t memory_type, void* out) { return H5Aread(attribute.get(), memory_type, out); });
}

std::vector<std::string> read_string_dataset(hid_t location, const std::string& name, Index max_count,
                                             const fs::path& path) {
  const std::string where = fmt::format("dataset '{}'", name);
  Handle dataset = checked(H5Dopen2(location, name.c_str(), H5P_DEFAULT), H5Dclose, path, "cannot open " + where);
  Handle type = checked(H5Dget_type(dataset.get()), H5Tclose, path, "cannot read the type of " + where);
  Handle space = checked(H5Dget_space(dataset.get()), H5Sclose, path, "cannot read the shape of " + where);
  return read_strings(type.get(), space.get(), H5Dget_storage_size(dataset.get()), max_count, true, where, path,
                      [&](hid_t memory_type, void* out) {
                        return H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
                      });
}

bool has_attribute(hid_t object, const char* name) { return H5Aexists(object, name) > 0; }

bool flag_attribute(hid_t object, const char* name, const fs::path& path) {
  const std::string where = fmt::format("attribute '{}'", name);
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, path, "cannot open " + where);
  Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, path, "cannot read the type of " + where);
  const std::size_t size = H5Tget_size(type.get());
  const H5T_class_t type_class = H5Tget_class(type.get());
  if ((type_class != H5T_INTEGER && type_class != H5T_BITFIELD) || size == 0 || size > 8 ||
      H5Aget_storage_size(attribute.get()) != size)
    throw InputError(path, where + " must be one integer");
  unsigned char bytes[8] = {};
  checked(H5Aread(attribute.get(), type.get(), bytes), path, "cannot read " + where);
  return std::any_of(bytes, bytes + size, [](unsigned char b) { return b != 0; });
}

std::string read_text_attribute(hid_t object, const char* name, const fs::path& path) {
  if (H5Aexists(object, name) <= 0) return "";
  const std::string where = fmt::format("attribute '{}'", name);
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, path, "cannot open " + where);
  Handle type = checked(H5Aget_type(attribute.get()), H5Tclose, path, "cannot read the type of " + where);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0) return "";
  const std::size_t size = H5Tget_size(type.get());
  const hsize_t stored = H5Aget_storage_size(attribute.get());
  if (size == 0 || stored != size) return "";  // scalar fixed-length strings only (PyTables' attributes)
  std::string text(size, '\0');
  checked(H5Aread(attribute.get(), type.get(), text.data()), path, "cannot read " + where);
  return text.substr(0, text.find('\0'));
}

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

void read_rows(hid_t dataset, hid_t memory_type, hsize_t first, hsize_t count, void* out, const std::string& where,
               const fs::path& path) {
  if (count == 0) return;
  Handle space = checked(H5Dget_space(dataset), H5Sclose, path, "cannot read the shape of " + where);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  hsize_t dims[2] = {0, 1};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  const hsize_t start[2] = {first, 0}, size[2] = {count, rank == 2 ? dims[1] : 1};
  checked(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, size, nullptr), path,
          "cannot select rows of " + where);
  Handle memory = checked(H5Screate_simple(rank, size, nullptr), H5Sclose, path, "cannot read " + where);
  checked(H5Dread(dataset, memory_type, memory.get(), space.get(), H5P_DEFAULT, out), path, "cannot read " + where);
}

}  // namespace topae::data::hdf5
