#include "plugin/option_convert.h"

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace axon::options_detail {
namespace {

std::optional<int64_t> whole(double x) {
  // 2^63: the first double outside int64_t's range.
  constexpr double kLimit = 9223372036854775808.0;
  if (!std::isfinite(x) || x != std::trunc(x) || x >= kLimit || x < -kLimit) return std::nullopt;
  return static_cast<int64_t>(x);
}

std::optional<int64_t> as_integer(const OptionValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* x = std::get_if<double>(&value)) return whole(*x);
  return std::nullopt;
}

std::optional<double> as_number(const OptionValue& value) {
  if (const auto* x = std::get_if<double>(&value)) return *x;
  if (const auto* i = std::get_if<int64_t>(&value)) return static_cast<double>(*i);
  return std::nullopt;
}

// Each element of a list (or the single scalar) through `element`.
template <class T, class Element>
std::optional<std::vector<T>> as_list(const OptionValue& value, Element element) {
  if (auto scalar = element(value)) return std::vector<T>{*scalar};
  std::vector<T> out;
  auto convert_all = [&](const auto& list) {
    for (const auto& item : list) {
      auto converted = element(OptionValue(item));
      if (!converted) return false;
      out.push_back(*converted);
    }
    return true;
  };
  if (const auto* l = std::get_if<std::vector<int64_t>>(&value)) {
    if (convert_all(*l)) return out;
  } else if (const auto* l = std::get_if<std::vector<double>>(&value)) {
    if (convert_all(*l)) return out;
  }
  return std::nullopt;
}

template <class T>
std::optional<OptionValue> exactly(const OptionValue& value) {
  if (const auto* v = std::get_if<T>(&value)) return OptionValue(*v);
  return std::nullopt;
}

template <class T>
std::optional<OptionValue> widen(const std::optional<T>& value) {
  if (value) return OptionValue(*value);
  return std::nullopt;
}

}  // namespace

std::optional<OptionValue> convert(const OptionValue& value, OptionType type) {
  switch (type) {
    case OptionType::boolean:
      return exactly<bool>(value);
    case OptionType::integer:
      return widen(as_integer(value));
    case OptionType::number:
      return widen(as_number(value));
    case OptionType::string:
      return exactly<std::string>(value);
    case OptionType::integer_list:
      return widen(as_list<int64_t>(value, as_integer));
    case OptionType::number_list:
      return widen(as_list<double>(value, as_number));
  }
  return std::nullopt;
}

bool is_none(const OptionValue& value) { return std::holds_alternative<std::monostate>(value); }

std::string with_article(OptionType type) {
  const std::string name(option_type_name(type));
  return (type == OptionType::integer ? "an " : "a ") + name;
}

std::string describe_value(const OptionValue& value) {
  const std::string text = option_value_str(value);
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return text;
        if constexpr (std::is_same_v<T, bool>) return "bool " + text;
        if constexpr (std::is_same_v<T, int64_t>) return "integer " + text;
        if constexpr (std::is_same_v<T, double>) return "number " + text;
        if constexpr (std::is_same_v<T, std::string>) return "string " + text;
        return "list " + text;
      },
      value);
}

}  // namespace axon::options_detail
