// Options: an ordered list of (key, value), typed reads, JSON in and out.
#include <axon/error.h>
#include <axon/options.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "plugin/option_convert.h"

namespace axon {
namespace {

using options_detail::convert;
using options_detail::describe_value;
using options_detail::is_none;
using options_detail::with_article;

// Python's repr of a float: shortest round-trip digits, "1.0" for whole numbers.
std::string number_str(double x) {
  std::string text = fmt::format("{}", x);
  if (std::isfinite(x) && text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

// How each C++ type a plugin reads is stored: int and float read through the
// 64-bit types, with a range check for int.
template <class T>
struct Stored {
  using type = T;
};
template <>
struct Stored<int> {
  using type = int64_t;
};
template <>
struct Stored<float> {
  using type = double;
};

template <class S>
constexpr OptionType type_of() {
  if constexpr (std::is_same_v<S, bool>) return OptionType::boolean;
  if constexpr (std::is_same_v<S, int64_t>) return OptionType::integer;
  if constexpr (std::is_same_v<S, double>) return OptionType::number;
  if constexpr (std::is_same_v<S, std::string>) return OptionType::string;
  if constexpr (std::is_same_v<S, std::vector<int64_t>>) return OptionType::integer_list;
  return OptionType::number_list;
}

template <class T>
struct IsOptional : std::false_type {};
template <class U>
struct IsOptional<std::optional<U>> : std::true_type {};

template <class T>
T read(const Options& options, const std::string& key) {
  using S = typename Stored<T>::type;
  constexpr OptionType type = type_of<S>();
  const OptionValue& value = options.value(key);
  AXON_CHECK(!is_none(value), "option '{}' is None, expected {}", key, with_article(type));
  const auto converted = convert(value, type);
  AXON_CHECK(converted.has_value(), "option '{}' expects {}, got {}", key, with_article(type),
             describe_value(value));
  const S& stored = std::get<S>(*converted);
  if constexpr (std::is_same_v<T, int>) {
    AXON_CHECK(
        stored >= std::numeric_limits<int>::min() && stored <= std::numeric_limits<int>::max(),
        "option '{}' = {} does not fit in an int", key, stored);
  }
  return static_cast<T>(stored);
}

OptionValue value_from_json(const std::string& key, const nlohmann::json& j) {
  if (j.is_null()) return std::monostate{};
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_integer()) return j.get<int64_t>();
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) return j.get<std::string>();
  const bool numbers =
      j.is_array() && std::all_of(j.begin(), j.end(), [](const auto& e) { return e.is_number(); });
  AXON_CHECK(numbers,
             "options: '{}' must be a bool, number, string, null or list of numbers, got {}", key,
             j.dump());
  const bool integers =
      std::all_of(j.begin(), j.end(), [](const auto& e) { return e.is_number_integer(); });
  if (integers) return j.get<std::vector<int64_t>>();
  return j.get<std::vector<double>>();
}

}  // namespace

std::string_view option_type_name(OptionType type) {
  switch (type) {
    case OptionType::boolean:
      return "bool";
    case OptionType::integer:
      return "integer";
    case OptionType::number:
      return "number";
    case OptionType::string:
      return "string";
    case OptionType::integer_list:
      return "list of integers";
    case OptionType::number_list:
      return "list of numbers";
  }
  return "unknown";
}

std::string option_value_str(const OptionValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return "None";
        if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        if constexpr (std::is_same_v<T, int64_t>) return std::to_string(v);
        if constexpr (std::is_same_v<T, double>) return number_str(v);
        if constexpr (std::is_same_v<T, std::string>) return nlohmann::json(v).dump();
        if constexpr (std::is_same_v<T, std::vector<int64_t>>)
          return fmt::format("[{}]", fmt::join(v, ", "));
        if constexpr (std::is_same_v<T, std::vector<double>>) {
          std::vector<std::string> items;
          for (double x : v) items.push_back(number_str(x));
          return fmt::format("[{}]", fmt::join(items, ", "));
        }
      },
      value);
}

Options::Options(std::initializer_list<std::pair<std::string, OptionValue>> values) {
  for (const auto& [key, value] : values) set(key, value);
}

bool Options::has(const std::string& key) const {
  return std::any_of(values_.begin(), values_.end(),
                     [&](const auto& kv) { return kv.first == key; });
}

bool Options::is_set(const std::string& key) const { return has(key) && !is_none(value(key)); }

Options& Options::set(const std::string& key, OptionValue value) {
  for (auto& [k, v] : values_) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  values_.emplace_back(key, std::move(value));
  return *this;
}

const OptionValue& Options::value(const std::string& key) const {
  for (const auto& [k, v] : values_) {
    if (k == key) return v;
  }
  throw_error(fmt::format("option '{}' is not set (options: {})", key,
                          values_.empty() ? "none" : fmt::format("{}", fmt::join(keys(), ", "))));
}

template <class T>
T Options::get(const std::string& key) const {
  if constexpr (IsOptional<T>::value) {
    if (!is_set(key)) return std::nullopt;
    return read<typename T::value_type>(*this, key);
  } else {
    return read<T>(*this, key);
  }
}

// Every type a plugin may read, plain and optional.
#define AXON_INSTANTIATE_GET(T)                         \
  template T Options::get<T>(const std::string&) const; \
  template std::optional<T> Options::get<std::optional<T>>(const std::string&) const;
AXON_INSTANTIATE_GET(bool)
AXON_INSTANTIATE_GET(int)
AXON_INSTANTIATE_GET(int64_t)
AXON_INSTANTIATE_GET(float)
AXON_INSTANTIATE_GET(double)
AXON_INSTANTIATE_GET(std::string)
AXON_INSTANTIATE_GET(std::vector<int64_t>)
AXON_INSTANTIATE_GET(std::vector<double>)
#undef AXON_INSTANTIATE_GET

std::vector<std::string> Options::keys() const {
  std::vector<std::string> out;
  for (const auto& kv : values_) out.push_back(kv.first);
  return out;
}

std::string Options::str() const {
  std::vector<std::string> items;
  for (const auto& [k, v] : values_) items.push_back(k + "=" + option_value_str(v));
  return fmt::format("{}", fmt::join(items, ", "));
}

Options Options::from_json(const nlohmann::json& object) {
  AXON_CHECK(object.is_object(), "options: expected a JSON object, got {}", object.dump());
  Options out;
  for (const auto& [key, value] : object.items()) out.set(key, value_from_json(key, value));
  return out;
}

nlohmann::json Options::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : values_) {
    out[k] = std::visit(
        [](const auto& x) -> nlohmann::json {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::monostate>)
            return nullptr;
          else
            return x;
        },
        v);
  }
  return out;
}

}  // namespace axon
