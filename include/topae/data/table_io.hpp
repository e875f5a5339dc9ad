#pragma once
// Reading and writing whole datasets as CSV (`.csv`) or HDF5 (`.h5`, `.hdf5`), chosen by
// extension; table_reader.hpp and table_writer.hpp do it chunk by chunk. The layouts are
// documented in docs/formats.md.
#include <filesystem>

#include "topae/data/dataset.hpp"
#include "topae/data/table_reader.hpp"
#include "topae/data/table_writer.hpp"

namespace topae::data {

// The most values (events x columns) a table read from a file may have: 2^31, 16 GiB as
// doubles. Readers check every size a file declares against it, and against the data the
// file actually holds, before they allocate anything for it.
inline constexpr Index kMaxTableValues = Index{1} << 31;

// Every event that passes `options` (table_reader.hpp), at once. Throws InputError naming the
// file (and line and column for CSV) on any malformed input: unknown extension, missing file,
// missing header, ragged row, non-numeric field, NaN (unless dropped) or infinity,
// inconsistent label or weight, a declared size above kMaxTableValues or beyond the data
// present (an HDF5 dataset declaring more than its file stores), no event left.
Dataset read_table(const std::filesystem::path& path, const ReadOptions& options = {});

// Writes atomically: on failure nothing is left at `path`.
void write_table(const Dataset& dataset, const std::filesystem::path& path, const WriteOptions& options = {});

}  // namespace topae::data
