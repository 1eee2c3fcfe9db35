// Internal: safetensors' dtype names ("F32") for axon's dtypes, both ways.
#pragma once

#include <axon/dtype.h>

#include <optional>
#include <string>
#include <string_view>

namespace axon::io {

std::string_view safetensors_dtype_name(DType dtype);
// nullopt for a name axon has no dtype for ("F16", "BF16", ...).
std::optional<DType> parse_safetensors_dtype(std::string_view name);
// "F32, F64, I64, U8, BOOL"
std::string safetensors_dtype_names();

}  // namespace axon::io
