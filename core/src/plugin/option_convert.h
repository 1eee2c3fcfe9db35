// Internal: the lossless conversions between option value types that
// Options::get and OptionSchema::validate share, and how values read in errors.
#pragma once

#include <axon/options.h>

#include <optional>
#include <string>

namespace axon::options_detail {

// `value` as `type` when nothing is lost: an integer as a number, a whole
// number as an integer, a list of integers as a list of numbers (and whole
// numbers back), a single number as a list of one (plugins expand it, as
// PyTorch's _pair does). nullopt otherwise, and for None.
std::optional<OptionValue> convert(const OptionValue& value, OptionType type);

bool is_none(const OptionValue& value);
// "a number", "an integer", "a list of numbers"
std::string with_article(OptionType type);
// "string \"abc\"", "integer 3", "list [1, 2]", "None"
std::string describe_value(const OptionValue& value);

}  // namespace axon::options_detail
