#pragma once
// What the HDF5 readers and writers of tables share (hdf5.cpp: topae's layout; pandas.cpp:
// pandas' layouts), through the HDF5 C API.
//
// Every identifier is owned by a Handle, so nothing leaks when an error throws halfway.
// HDF5's own error printing is switched off; each failure becomes one InputError naming the
// file and the dataset or attribute.
#include <hdf5.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "topae/core/matrix.hpp"

namespace topae::data::hdf5 {

namespace fs = std::filesystem;

// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      close();
      id_ = std::exchange(other.id_, -1);
      closer_ = other.closer_;
    }
    return *this;
  }
  ~Handle() { close(); }

  hid_t get() const { return id_; }
  // Closes now, so that a failure (say, while flushing a file) can be reported.
  herr_t close() { return id_ >= 0 ? closer_(std::exchange(id_, -1)) : 0; }

 private:
  hid_t id_;
  Closer closer_;
};

// Throws InputError(path, what) for an invalid identifier or a negative status.
Handle checked(hid_t id, Handle::Closer closer, const fs::path& path, const std::string& what);
void checked(herr_t status, const fs::path& path, const std::string& what);

// The library prints its error stack to stderr by default; we report errors ourselves.
void silence();
bool is_numeric(hid_t type);
bool has_link(hid_t location, const std::string& name);
// Opens `path` for reading; InputError for a missing file, a folder, or not HDF5.
Handle open_file(const fs::path& path);

// A 1-D array of strings, variable- or fixed-length (h5py writes the former for a list of
// str, the latter for a numpy array of bytes; pandas the latter), from an attribute or a
// dataset: `where` names it in messages. `max_count` bounds the count before anything is read.
// A dataset may also hold integers (pandas' integer column names), read as decimal text.
std::vector<std::string> read_string_attribute(hid_t object, const char* name, const std::string& where,
                                               Index max_count, const fs::path& path);
std::vector<std::string> read_string_dataset(hid_t location, const std::string& name, Index max_count,
                                             const fs::path& path);
bool has_attribute(hid_t object, const char* name);
// A scalar attribute of one byte or integer (PyTables stores numpy's bool as a bitfield),
// true when not zero.
bool flag_attribute(hid_t object, const char* name, const fs::path& path);
// A scalar or 1-D byte-string attribute as one string ("" when absent).
std::string read_text_attribute(hid_t object, const char* name, const fs::path& path);

// Checks the `n_values` elements that `dataset` (`where`, of shape `shape`) declares against
// kMaxTableValues and against the bytes the file stores for it, before anything is
// allocated: a few kilobytes of chunked dataset may declare 1e12 rows that were never
// written (HDF5 would return its fill value for them). Compressed data may be smaller than
// it declares, by at most the strongest filter's ratio.
void check_declared_size(hid_t file, hid_t dataset, hid_t type, hsize_t n_values, const std::string& where,
                         const std::string& shape, const fs::path& path);

// Reads rows [first, first + count) of a 1-D or 2-D dataset (count x columns), converted to
// `memory_type`, into `out`.
void read_rows(hid_t dataset, hid_t memory_type, hsize_t first, hsize_t count, void* out, const std::string& where,
               const fs::path& path);

}  // namespace topae::data::hdf5
