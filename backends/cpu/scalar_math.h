// Scalar formulas shared by the kernels (activations forward and backward,
// NaN-aware comparisons), written as PyTorch computes them.
#pragma once

#include "float_math.h"

#include <cmath>
#include <type_traits>

namespace axon::cpu {

// std::isnan for any element type (integers are never NaN).
template <class T>
bool is_nan(T x) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(x);
  return false;
}

// 1 / (1 + e^-x) without overflow: e^x is only taken of non-positive x.
template <class T>
T stable_sigmoid(T x) {
  if constexpr (std::is_same_v<T, float>) return sigmoid_float(x);
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

template <class T>
T tanh_of(T x) {
  if constexpr (std::is_same_v<T, float>) return tanh_float(x);
  return std::tanh(x);
}

// gelu's tanh approximation: tanh(sqrt(2 / pi) (x + 0.044715 x^3)).
inline constexpr double kGeluBeta = 0.7978845608028654;  // sqrt(2 / pi)
inline constexpr double kGeluKappa = 0.044715;
inline constexpr double kSqrtHalf = 0.7071067811865476;      // 1 / sqrt(2)
inline constexpr double kInvSqrtTwoPi = 0.3989422804014327;  // 1 / sqrt(2 pi)

}  // namespace axon::cpu
