#include "io/safetensors_dtype.h"

#include <array>
#include <utility>

namespace axon::io {

namespace {

constexpr std::array<std::pair<DType, std::string_view>, 5> kNames{{
    {DType::f32, "F32"},
    {DType::f64, "F64"},
    {DType::i64, "I64"},
    {DType::u8, "U8"},
    {DType::boolean, "BOOL"},
}};

}  // namespace

std::string_view safetensors_dtype_name(DType dtype) {
  for (const auto& [t, name] : kNames) {
    if (t == dtype) return name;
  }
  return "?";
}

std::optional<DType> parse_safetensors_dtype(std::string_view name) {
  for (const auto& [t, known] : kNames) {
    if (known == name) return t;
  }
  return std::nullopt;
}

std::string safetensors_dtype_names() {
  std::string out;
  for (const auto& item : kNames) {
    if (!out.empty()) out += ", ";
    out += item.second;
  }
  return out;
}

}  // namespace axon::io
