#pragma once
// Reading and writing datasets as CSV (`.csv`) or HDF5 (`.h5`, `.hdf5`), chosen by extension.
// The layouts are documented in docs/formats.md.
#include <filesystem>

#include "topae/data/dataset.hpp"

namespace topae::data {

// The most values (events x columns) a table read from a file may have: 2^31, 16 GiB as
// doubles. Readers check every size a file declares against it, and against the data the
// file actually holds, before they allocate anything for it.
inline constexpr Index kMaxTableValues = Index{1} << 31;

// Throws InputError naming the file (and line and column for CSV) on any malformed input:
// unknown extension, missing file, missing header, ragged row, non-numeric field, NaN or
// infinity, inconsistent label or weight, a declared size above kMaxTableValues or beyond
// the data present (an HDF5 dataset declaring more than its file stores).
Dataset read_table(const std::filesystem::path& path);

// Writes atomically: on failure nothing is left at `path`.
void write_table(const Dataset& dataset, const std::filesystem::path& path);

// The two formats, callable directly (read_table/write_table dispatch on the extension).
Dataset read_csv(const std::filesystem::path& path);
void write_csv(const Dataset& dataset, const std::filesystem::path& path);
Dataset read_hdf5(const std::filesystem::path& path);
void write_hdf5(const Dataset& dataset, const std::filesystem::path& path);

}  // namespace topae::data
