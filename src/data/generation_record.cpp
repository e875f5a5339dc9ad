#include "topae/data/generation_record.hpp"

#include "topae/core/atomic_file.hpp"
#include "topae/core/version.hpp"

namespace topae::data {

std::filesystem::path generation_record_path(const std::filesystem::path& table) {
  return std::filesystem::path(table.string() + ".json");
}

nlohmann::json write_generation_record(const std::string& command, const nlohmann::json& settings,
                                       const TableSchema& schema, Index events, const std::filesystem::path& table,
                                       double seconds, const nlohmann::json& extra) {
  nlohmann::json r = {{"command", command},
                      {"topae_version", std::string(version())},
                      {"settings", settings},
                      {"table", table.string()},
                      {"events", events},
                      {"columns", schema.columns},
                      {"truth", schema.truth},
                      {"label", schema.label},
                      {"weight", schema.weight},
                      {"seconds", seconds}};
  if (extra.is_object()) r.update(extra);
  // A table sent to a device (/dev/null) has no folder to keep its record in.
  if (is_character_device(table)) return r;
  write_text_atomically(generation_record_path(table), r.dump(2) + "\n");
  return r;
}

}  // namespace topae::data
