// OptionSchema: what a plugin accepts; validate() turns what the user gave
// into complete, typed Options (or an error naming the option and the owner).
#include <axon/error.h>
#include <axon/options.h>

#include "plugin/option_convert.h"

namespace axon {
namespace {

using options_detail::convert;
using options_detail::describe_value;
using options_detail::is_none;
using options_detail::with_article;

}  // namespace

OptionSchema::OptionSchema(std::initializer_list<OptionSpec> specs) {
  for (const auto& spec : specs)
    add(spec.name, spec.type, spec.default_value, spec.help, spec.nullable);
}

OptionSchema& OptionSchema::add(std::string name, OptionType type, OptionValue default_value,
                                std::string help, bool nullable) {
  AXON_CHECK(find(name) == nullptr, "option schema: option '{}' is declared twice", name);
  // The default is stored with the declared type (a default of 0 for a number reads as 0.0).
  if (!is_none(default_value)) {
    auto converted = convert(default_value, type);
    AXON_CHECK(converted.has_value(), "option schema: option '{}' is {} but its default is {}",
               name, with_article(type), describe_value(default_value));
    default_value = std::move(*converted);
  }
  specs_.push_back({std::move(name), type, std::move(default_value), std::move(help), nullable});
  return *this;
}

const OptionSpec* OptionSchema::find(const std::string& name) const {
  for (const auto& spec : specs_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::vector<std::string> OptionSchema::names() const {
  std::vector<std::string> out;
  for (const auto& spec : specs_) out.push_back(spec.name);
  return out;
}

Options OptionSchema::validate(const Options& given, const std::string& owner) const {
  for (const auto& [key, value] : given.items()) {
    if (find(key) != nullptr) continue;
    AXON_CHECK(!specs_.empty(), "{}: unknown option '{}' ({} takes no options)", owner, key, owner);
    const std::string match = closest_match(key, names());
    throw_error(fmt::format("{}: unknown option '{}' (known: {}){}", owner, key,
                            fmt::join(names(), ", "),
                            match.empty() ? "" : fmt::format(" (did you mean '{}'?)", match)));
  }
  Options out;
  for (const auto& spec : specs_) {
    if (!given.has(spec.name)) {
      out.set(spec.name, spec.default_value);
      continue;
    }
    const OptionValue& value = given.value(spec.name);
    // None is accepted only where the option may be None (its default is None, or nullable).
    bool may_be_none = is_none(spec.default_value) || spec.nullable;
    auto converted =
        is_none(value) && may_be_none ? std::optional(value) : convert(value, spec.type);
    AXON_CHECK(converted.has_value(), "{}: option '{}' expects {}, got {}", owner, spec.name,
               with_article(spec.type), describe_value(value));
    out.set(spec.name, std::move(*converted));
  }
  return out;
}

Reduction parse_reduction(const std::string& name, const std::string& owner) {
  if (name == "none") return Reduction::none;
  if (name == "mean") return Reduction::mean;
  if (name == "sum") return Reduction::sum;
  throw_error(fmt::format("{}: invalid reduction '{}' (expected none, mean or sum)", owner, name));
}

}  // namespace axon
