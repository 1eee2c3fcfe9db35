// The clamp of hardtanh, shared by hardtanh, relu6 and hardsigmoid: x limited
// to [min_val, max_val]. Written with where() rather than clamp so that the
// gradient is 0 at the bounds themselves, as PyTorch's hardtanh_backward.
#pragma once

#include <axon/ops.h>

namespace axon::activations {

inline Tensor hardtanh(const Tensor& x, double min_val, double max_val) {
  Tensor upper = where(ge(x, max_val), full_like(x, max_val), x);
  return where(le(x, min_val), full_like(x, min_val), upper);
}

}  // namespace axon::activations
