// Typed options for everything created by name. A plugin declares an
// OptionSchema (name, type, default, one-line help per option); the registry
// validates what the user passes against it (an unknown key is an error that
// lists the known ones), fills in the defaults, and hands the plugin an
// Options it can read with get<T>().
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace axon {

// std::monostate is "None".
using OptionValue = std::variant<std::monostate, bool, int64_t, double, std::string,
                                 std::vector<int64_t>, std::vector<double>>;

enum class OptionType { boolean, integer, number, string, integer_list, number_list };

std::string_view option_type_name(OptionType type);
// "0.001", "true", "[0.9, 0.999]", "None"
std::string option_value_str(const OptionValue& value);

class Options {
 public:
  Options() = default;
  Options(std::initializer_list<std::pair<std::string, OptionValue>> values);

  bool has(const std::string& key) const;
  // Present and not None.
  bool is_set(const std::string& key) const;
  Options& set(const std::string& key, OptionValue value);
  const OptionValue& value(const std::string& key) const;

  // Typed access with the conversions a user expects: an integer reads as a
  // number, a whole number as an integer, a list of integers as a list of
  // numbers. T may be std::optional<U> for options that may be None.
  template <class T>
  T get(const std::string& key) const;

  const std::vector<std::pair<std::string, OptionValue>>& items() const { return values_; }
  std::vector<std::string> keys() const;
  std::string str() const;  // "lr=0.1, momentum=0.9"

  static Options from_json(const nlohmann::json& object);
  nlohmann::json to_json() const;

 private:
  std::vector<std::pair<std::string, OptionValue>> values_;
};

struct OptionSpec {
  std::string name;
  OptionType type;
  OptionValue default_value;  // monostate: None (the option may stay unset)
  std::string help;
  // None is also accepted where the default is not None (BatchNorm's
  // momentum=None, like PyTorch's Optional[float] = 0.1).
  bool nullable = false;
};

class OptionSchema {
 public:
  OptionSchema() = default;
  OptionSchema(std::initializer_list<OptionSpec> specs);

  // Shorthands that take the type from the default.
  OptionSchema& add(std::string name, OptionType type, OptionValue default_value, std::string help,
                    bool nullable = false);

  const std::vector<OptionSpec>& specs() const { return specs_; }
  const OptionSpec* find(const std::string& name) const;
  std::vector<std::string> names() const;

  // Checks every key and value type against the schema and fills in defaults.
  // `owner` names the thing being configured in errors ("adam").
  Options validate(const Options& given, const std::string& owner) const;

 private:
  std::vector<OptionSpec> specs_;
};

// Convenience for common options: PyTorch's reduction names.
enum class Reduction { none, mean, sum };
Reduction parse_reduction(const std::string& name, const std::string& owner);

// "did you mean 'adamw'?" helper: the candidate nearest by edit distance, or "".
std::string closest_match(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace axon
