// Element types. f32 is the type of everything trainable; i64 holds labels and
// indices, u8 images, boolean masks; f64 exists for gradient checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace axon {

enum class DType : uint8_t { f32, f64, i64, u8, boolean };

constexpr size_t dtype_size(DType t) {
  switch (t) {
    case DType::f32:
      return 4;
    case DType::f64:
      return 8;
    case DType::i64:
      return 8;
    case DType::u8:
      return 1;
    case DType::boolean:
      return 1;
  }
  return 0;
}

constexpr std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::f32:
      return "f32";
    case DType::f64:
      return "f64";
    case DType::i64:
      return "i64";
    case DType::u8:
      return "u8";
    case DType::boolean:
      return "bool";
  }
  return "?";
}

constexpr bool is_floating(DType t) { return t == DType::f32 || t == DType::f64; }

// The type of a binary op's result, as PyTorch promotes: bool < u8 < i64 < f32 < f64.
constexpr DType promote(DType a, DType b) {
  auto rank = [](DType t) {
    switch (t) {
      case DType::boolean:
        return 0;
      case DType::u8:
        return 1;
      case DType::i64:
        return 2;
      case DType::f32:
        return 3;
      case DType::f64:
        return 4;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

template <class T>
constexpr DType dtype_of();
template <>
constexpr DType dtype_of<float>() {
  return DType::f32;
}
template <>
constexpr DType dtype_of<double>() {
  return DType::f64;
}
template <>
constexpr DType dtype_of<int64_t>() {
  return DType::i64;
}
template <>
constexpr DType dtype_of<uint8_t>() {
  return DType::u8;
}
template <>
constexpr DType dtype_of<bool>() {
  return DType::boolean;
}

}  // namespace axon
