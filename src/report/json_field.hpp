#pragma once
// JsonField: a value inside a JSON file together with the key path that leads to it, so that
// every error names the file and the key:
//
//   results/summary.json: key 'experiments[0].figures[1].path': missing
//   results/summary.json: key 'total_seconds': must be a number, not a string
//
// A member that is null counts as missing.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topae::report {

class JsonField {
 public:
  // The whole document `value` of `file`.
  JsonField(const nlohmann::ordered_json& value, const std::filesystem::path& file);

  // The member `name`; throws InputError if this is not an object or the member is missing.
  JsonField operator[](std::string_view name) const;
  // The member `name`, or none if it is missing; throws InputError if this is not an object.
  std::optional<JsonField> find(std::string_view name) const;
  // The elements; throws InputError if this is not an array.
  std::vector<JsonField> elements() const;

  // The value as a string / number / boolean; throws InputError if it is of another type.
  std::string string() const;
  double number() const;
  bool boolean() const;
  // A string as it is; a number or boolean as JSON writes it; throws InputError for arrays and objects.
  std::string text() const;
  // The optional member `name` as a string, or `fallback` if it is missing.
  std::string string_or(std::string_view name, std::string fallback) const;

  const nlohmann::ordered_json& json() const { return *value_; }
  // "experiments[0].figures[1].path"; "" for the whole document.
  const std::string& key() const { return key_; }
  const std::filesystem::path& file() const { return *file_; }
  // Throws InputError "FILE: key 'KEY': WHAT" ("FILE: WHAT" for the whole document).
  [[noreturn]] void fail(std::string_view what) const;

 private:
  JsonField(const nlohmann::ordered_json& value, const std::filesystem::path& file, std::string key);
  // Throws unless the value is of `type`, named `expected` in the message.
  void expect(nlohmann::ordered_json::value_t type, std::string_view expected) const;

  const nlohmann::ordered_json* value_;
  const std::filesystem::path* file_;
  std::string key_;
};

}  // namespace topae::report
