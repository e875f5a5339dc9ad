// Fuzz target: the HDF5 table reader (data::read_table).
//
// Fuzzing the raw bytes of an HDF5 file mostly exercises libhdf5's own parser (superblock,
// B-trees, heaps), which we cannot fix and which is not what can go wrong in topae. So the
// input is a recipe instead: it decides which of /data, /label and /weight exist (and whether
// as datasets or groups), their rank, declared shape, element type (floats and integers of
// several widths, strings, compounds), storage (contiguous, chunked, chunked with nothing
// written: a sparse dataset that declares far more than the file holds), their values
// (NaN and infinities included), and the 'columns' and 'truth' attributes (variable or fixed
// length strings, numbers, any rank, names repeated or empty). The recipe is written with the
// HDF5 C API to a scratch file, and read_table reads it. What the reader may meet in a file
// written by h5py, pandas or a careless script is a valid HDF5 file with the wrong content.
//
// With TOPAE_FUZZ_HDF5_RAW set in the environment, an input whose first byte is 0xF0 or
// above is taken (after that byte) as the raw bytes of the file instead. That mode is off by
// default because it is not stable: within seconds it finds memory errors inside libhdf5
// 1.10.8 itself (H5HG_read copying a corrupt global-heap object while converting a
// variable-length string), which no reader of ours can prevent, and every run stops there.
//
// Bad input must throw InputError. A table the reader accepts must survive write_table ->
// read_table unchanged.
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "topae/data/table_io.hpp"

namespace {

using topae::fuzz::Bytes;

// Closes an HDF5 identifier when it goes out of scope; an invalid one (< 0) is ignored.
struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Id() {
    if (id >= 0) close(id);
  }
};

// The file and memory types of one element type the recipe can choose.
hid_t element_type(std::uint8_t choice) {
  switch (choice % 12) {
    case 0: return H5Tcopy(H5T_IEEE_F64LE);
    case 1: return H5Tcopy(H5T_IEEE_F32LE);
    case 2: return H5Tcopy(H5T_IEEE_F64BE);
    case 3: return H5Tcopy(H5T_STD_I32LE);
    case 4: return H5Tcopy(H5T_STD_I64LE);
    case 5: return H5Tcopy(H5T_STD_U64LE);
    case 6: return H5Tcopy(H5T_STD_I8LE);
    case 7: return H5Tcopy(H5T_STD_U8LE);
    case 8: {  // fixed-length string
      const hid_t t = H5Tcopy(H5T_C_S1);
      H5Tset_size(t, 4);
      return t;
    }
    case 9: {  // a compound of one double, as numpy writes a structured array
      const hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(double));
      H5Tinsert(t, "x", 0, H5T_IEEE_F64LE);
      return t;
    }
    case 10: return H5Tcopy(H5T_IEEE_F32BE);
    default: return H5Tcopy(H5T_NATIVE_INT);
  }
}

// A dataset `name` of the recipe's rank, shape, type and storage, at most `max_bytes` of it
// written from the input.
void write_dataset(hid_t file, const char* name, Bytes& in, int default_rank) {
  const std::uint8_t form = in.u8();
  if (form % 8 == 7) {  // a group where a dataset belongs
    Id group{H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose};
    return;
  }
  const int rank = form % 8 == 6 ? static_cast<int>(in.below(4)) : default_rank;  // 0 (scalar) .. 3
  const int storage = (form >> 3) % 4;  // 0 contiguous, 1 chunked, 2 chunked and empty (sparse), 3 compact
  hsize_t dims[3] = {1, 1, 1};
  hsize_t max_dims[3] = {1, 1, 1};
  hsize_t chunk[3] = {1, 1, 1};
  hsize_t n_elements = 1;
  for (int d = 0; d < rank; ++d) {
    const std::uint8_t size_kind = in.u8();
    if (storage == 2 && size_kind >= 0xC0) {
      dims[d] = in.u64() % (hsize_t{1} << 50);  // a huge declared size; nothing is stored
    } else {
      dims[d] = size_kind % 9;  // 0..8
    }
    max_dims[d] = (size_kind & 1) ? H5S_UNLIMITED : dims[d];
    chunk[d] = 1 + in.below(8);
    n_elements *= dims[d];
  }
  const bool chunked = storage == 1 || storage == 2 || [&] {
    for (int d = 0; d < rank; ++d)
      if (max_dims[d] == H5S_UNLIMITED) return true;
    return false;
  }();
  if (!chunked)
    for (int d = 0; d < rank; ++d) max_dims[d] = dims[d];

  Id type{element_type(in.u8()), H5Tclose};
  Id space{rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, max_dims), H5Sclose};
  Id plist{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
  if (rank > 0 && chunked) H5Pset_chunk(plist.id, rank, chunk);
  if (rank > 0 && !chunked && storage == 3) H5Pset_layout(plist.id, H5D_COMPACT);
  Id dataset{H5Dcreate2(file, name, type.id, space.id, H5P_DEFAULT, plist.id, H5P_DEFAULT), H5Dclose};
  if (dataset.id < 0 || storage == 2 || n_elements == 0 || n_elements > 4096) return;
  const std::size_t n_bytes = static_cast<std::size_t>(n_elements) * H5Tget_size(type.id);
  const std::string values = in.raw(n_bytes);  // any bit pattern: NaN, infinities, denormals
  H5Dwrite(dataset.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
}

// A string attribute `name` on `object`: variable or fixed length, or numbers, of any rank.
void write_attribute(hid_t object, const char* name, Bytes& in) {
  const std::uint8_t form = in.u8();
  const int rank = form % 4 == 3 ? static_cast<int>(in.below(3)) : 1;
  const hsize_t n = rank == 0 ? 1 : in.below(10);
  hsize_t dims[2] = {n, 1 + static_cast<hsize_t>(rank == 2)};
  const hsize_t n_strings = rank == 2 ? n * dims[1] : n;
  std::vector<std::string> strings;
  for (hsize_t i = 0; i < n_strings; ++i) {
    const std::uint8_t pick = in.u8();
    // Mostly names that match the table's (x0, x1, ...), so the reader gets past the count.
    strings.push_back(pick < 0xA0 ? std::string{'x', static_cast<char>('0' + pick % 6)} : in.text(12));
  }
  Id space{rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, dims, nullptr), H5Sclose};
  const int kind = (form >> 2) % 4;  // 0, 1: variable length; 2: fixed length; 3: integers
  if (kind == 3) {
    std::vector<int> numbers(n_strings, 7);
    Id attribute{H5Acreate2(object, name, H5T_STD_I32LE, space.id, H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
    if (attribute.id >= 0) H5Awrite(attribute.id, H5T_NATIVE_INT, numbers.data());
    return;
  }
  Id type{H5Tcopy(H5T_C_S1), H5Tclose};
  if (kind == 2) {
    const std::size_t width = 1 + (form >> 4) % 16;
    H5Tset_size(type.id, width);
    H5Tset_strpad(type.id, (form & 0x80) ? H5T_STR_SPACEPAD : H5T_STR_NULLPAD);
    std::string packed;
    for (auto s : strings) {
      s.resize(width, '\0');
      packed += s;
    }
    if (packed.empty()) packed.push_back('\0');
    Id attribute{H5Acreate2(object, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
    if (attribute.id >= 0) H5Awrite(attribute.id, type.id, packed.data());
    return;
  }
  H5Tset_size(type.id, H5T_VARIABLE);
  H5Tset_cset(type.id, kind == 0 ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
  std::vector<const char*> pointers;
  for (const auto& s : strings) pointers.push_back(s.c_str());
  if (pointers.empty()) pointers.push_back("");
  Id attribute{H5Acreate2(object, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
  if (attribute.id >= 0) H5Awrite(attribute.id, type.id, pointers.data());
}

void write_recipe(const std::string& path, Bytes& in) {
  Id file{H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose};
  if (file.id < 0) return;
  const std::uint8_t parts = in.u8();
  if ((parts & 1) == 0) {
    write_dataset(file.id, "/data", in, 2);
    if (H5Lexists(file.id, "/data", H5P_DEFAULT) > 0 && H5Oexists_by_name(file.id, "/data", H5P_DEFAULT) > 0) {
      Id object{H5Oopen(file.id, "/data", H5P_DEFAULT), H5Oclose};
      if (object.id >= 0) {
        if ((parts & 2) == 0) write_attribute(object.id, "columns", in);
        if (parts & 4) write_attribute(object.id, "truth", in);
      }
    }
  }
  if (parts & 8) write_dataset(file.id, "/label", in, 1);
  if (parts & 16) write_dataset(file.id, "/weight", in, 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace topae;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  static const bool raw_mode = std::getenv("TOPAE_FUZZ_HDF5_RAW") != nullptr;
  Bytes in(data, size);
  const std::uint8_t mode = in.u8();
  std::filesystem::path path;
  if (mode >= 0xF0 && raw_mode) {
    path = fuzz::write_scratch_file("input.h5", in.rest());
  } else {
    path = fuzz::scratch_dir() / "input.h5";
    write_recipe(path.string(), in);
  }

  data::Dataset table;
  if (!fuzz::expect_input_error([&] { table = data::read_table(path); })) return 0;
  fuzz::require(table.n_events() > 0 && table.values.allFinite(), "read_table accepted a table without events or with NaN");

  const auto copy = fuzz::scratch_dir() / "copy.h5";
  fuzz::require(fuzz::expect_input_error([&] { data::write_table(table, copy); }), "write_table rejects what read_table read");
  data::Dataset again;
  fuzz::require(fuzz::expect_input_error([&] { again = data::read_table(copy); }), "read_table rejects what write_table wrote");
  fuzz::require(again.columns == table.columns && again.truth == table.truth, "HDF5 round trip changed the names");
  fuzz::require(again.values.rows() == table.values.rows() && again.values.cols() == table.values.cols() &&
                    std::memcmp(again.values.data(), table.values.data(), sizeof(double) * table.values.size()) == 0,
                "HDF5 round trip changed a value");
  fuzz::require(table.label.has_value() == again.label.has_value() && (!table.label || *table.label == *again.label),
                "HDF5 round trip changed the labels");
  fuzz::require(table.weight.has_value() == again.weight.has_value() &&
                    (!table.weight || *table.weight == *again.weight),
                "HDF5 round trip changed the weights");
  return 0;
}
