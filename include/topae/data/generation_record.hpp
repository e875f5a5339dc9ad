#pragma once
// The record `topae generate` writes beside a table: TABLE.json (for data.h5, data.h5.json)
// with the command, the generator's fully resolved settings (seed included), the topae
// version, the table's shape and columns, and the time taken: enough to regenerate the same
// events, and for programs to learn what a file holds without opening it.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "topae/data/dataset.hpp"
#include "topae/data/table_writer.hpp"

namespace topae::data {

std::filesystem::path generation_record_path(const std::filesystem::path& table);

// Writes the record to generation_record_path(table), atomically, and returns it. `extra`
// (an object, or null) is merged in, for a generator's own statistics.
// `schema` and `events` describe the table written.
nlohmann::json write_generation_record(const std::string& command, const nlohmann::json& settings,
                                       const TableSchema& schema, Index events, const std::filesystem::path& table,
                                       double seconds, const nlohmann::json& extra = nullptr);

}  // namespace topae::data
