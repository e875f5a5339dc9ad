#include "json_field.hpp"

#include <fmt/format.h>

#include "topae/core/error.hpp"

namespace topae::report {
namespace {

// "a string", "an array", ... for messages.
std::string type_phrase(const nlohmann::ordered_json& value) {
  const std::string name = value.type_name();
  const bool vowel = name.find_first_of("aeiou") == 0;
  return (vowel ? "an " : "a ") + name;
}

}  // namespace

JsonField::JsonField(const nlohmann::ordered_json& value, const std::filesystem::path& file)
    : JsonField(value, file, "") {}

JsonField::JsonField(const nlohmann::ordered_json& value, const std::filesystem::path& file, std::string key)
    : value_(&value), file_(&file), key_(std::move(key)) {}

void JsonField::fail(std::string_view what) const {
  if (key_.empty()) throw InputError(*file_, std::string(what));
  throw InputError(*file_, fmt::format("key '{}': {}", key_, what));
}

void JsonField::expect(nlohmann::ordered_json::value_t type, std::string_view expected) const {
  const bool number = type == nlohmann::ordered_json::value_t::number_float && value_->is_number();
  if (value_->type() != type && !number) fail(fmt::format("must be {}, not {}", expected, type_phrase(*value_)));
}

std::optional<JsonField> JsonField::find(std::string_view name) const {
  expect(nlohmann::ordered_json::value_t::object, "an object");
  const auto it = value_->find(name);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return JsonField(*it, *file_, key_.empty() ? std::string(name) : fmt::format("{}.{}", key_, name));
}

JsonField JsonField::operator[](std::string_view name) const {
  auto member = find(name);
  if (!member)
    JsonField(*value_, *file_, key_.empty() ? std::string(name) : fmt::format("{}.{}", key_, name)).fail("missing");
  return *member;
}

std::vector<JsonField> JsonField::elements() const {
  expect(nlohmann::ordered_json::value_t::array, "an array");
  std::vector<JsonField> out;
  for (std::size_t i = 0; i < value_->size(); ++i)
    out.push_back(JsonField((*value_)[i], *file_, fmt::format("{}[{}]", key_, i)));
  return out;
}

std::string JsonField::string() const {
  expect(nlohmann::ordered_json::value_t::string, "a string");
  return value_->get<std::string>();
}

double JsonField::number() const {
  expect(nlohmann::ordered_json::value_t::number_float, "a number");
  return value_->get<double>();
}

bool JsonField::boolean() const {
  expect(nlohmann::ordered_json::value_t::boolean, "true or false");
  return value_->get<bool>();
}

std::string JsonField::text() const {
  if (value_->is_string()) return value_->get<std::string>();
  if (value_->is_number() || value_->is_boolean()) return value_->dump();
  fail(fmt::format("must be a string or a number, not {}", type_phrase(*value_)));
}

std::string JsonField::string_or(std::string_view name, std::string fallback) const {
  const auto member = find(name);
  return member ? member->string() : std::move(fallback);
}

}  // namespace topae::report
