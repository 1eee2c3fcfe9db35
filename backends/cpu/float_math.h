// exp, tanh and sigmoid of floats written without calls or branches, so that
// the compiler vectorizes the loops over them: the recurrent layers spend a
// third of a step in libm's scalar tanhf/expf otherwise. Accurate to about
// 2 ulp over the whole range (tested against double precision), as PyTorch's
// own vectorized (Sleef) versions are to 1 ulp. Doubles keep libm's.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

namespace axon::cpu {

// e^x for x <= 0 (x may be NaN or -inf: both give a finite result, and the
// callers select NaN themselves). Cephes' expf: x = n ln2 + r with |r| <=
// ln2 / 2, e^r by a degree-7 polynomial, 2^n applied in two factors so that
// results down to the smallest subnormal round once.
inline float exp_nonpositive(float x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2Hi = 0.693359375f;  // ln 2 = kLn2Hi + kLn2Lo, kLn2Hi exact in 9 bits
  constexpr float kLn2Lo = -2.12194440e-4f;
  constexpr float kRound = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  x = x > -104.0f ? x : -104.0f;         // e^-104 < half the smallest subnormal; NaN too
  const float n = (x * kLog2e + kRound) - kRound;
  const float r = (x - n * kLn2Hi) - n * kLn2Lo;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r * r + r + 1.0f;
  const int32_t k = static_cast<int32_t>(n);  // in [-150, 0]
  const int32_t k1 = k >> 1;
  const float scale1 = std::bit_cast<float>((k1 + 127) << 23);
  const float scale2 = std::bit_cast<float>((k - k1 + 127) << 23);
  return er * scale1 * scale2;
}

// 1 / (1 + e^-x), from e^-|x| so that nothing overflows. Every value is
// computed before the selects: a select between computed values is what the
// vectorizer can if-convert.
inline float sigmoid_float(float x) {
  const float e = exp_nonpositive(-std::fabs(x));
  const float positive = 1.0f / (1.0f + e);
  const float negative = e / (1.0f + e);
  const float y = x >= 0.0f ? positive : negative;
  return x != x ? x : y;
}

// Cephes' tanhf: an odd polynomial below 0.625 (no cancellation near 0),
// (1 - e^-2|x|) / (1 + e^-2|x|) above; x's sign put back last.
inline float tanh_float(float x) {
  const float a = std::fabs(x);
  const float z = a * a;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  const float small = a + a * (z * p);
  const float e = exp_nonpositive(-2.0f * a);
  const float large = (1.0f - e) / (1.0f + e);
  const float y = std::copysign(a < 0.625f ? small : large, x);  // tanh(-0) = -0
  return x != x ? x : y;
}

}  // namespace axon::cpu
