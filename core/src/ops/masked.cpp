// masked_fill and dropout: ops that select elements with a mask, composed
// from where, mul and the bernoulli generator.
#include "tensor/internal.h"

namespace axon {
namespace {

// Keeps x where a bernoulli(1 - p) mask of `mask_shape` (broadcast over x) is
// 1 and scales it by 1 / (1 - p), so that the expected value is unchanged.
Tensor masked_dropout(const char* op, const Tensor& x, double p, bool training,
                      const Shape& mask_shape) {
  AXON_CHECK(p >= 0.0 && p <= 1.0, "{}: dropout probability has to be between 0 and 1, but got {}",
             op, p);
  if (!training || p == 0.0 || x.numel() == 0) return x;
  // p == 1 would scale by 1 / 0: PyTorch multiplies by zero instead.
  if (p == 1.0) return mul(x, 0.0);
  Tensor keep = bernoulli(mask_shape, 1.0 - p, TensorOptions(x.dtype()).device(x.device()));
  return mul(x, mul(keep, 1.0 / (1.0 - p)));
}

}  // namespace

Tensor masked_fill(const Tensor& x, const Tensor& mask, double value) {
  AXON_CHECK(mask.dtype() == DType::boolean, "masked_fill: expected a bool mask, got {}",
             dtype_name(mask.dtype()));
  return where(mask, scalar_tensor(value, TensorOptions(x.dtype()).device(x.device())), x);
}

Tensor dropout(const Tensor& x, double p, bool training) {
  return masked_dropout("dropout", x, p, training, x.shape());
}

Tensor dropout2d(const Tensor& x, double p, bool training) {
  AXON_CHECK(x.dim() == 3 || x.dim() == 4,
             "dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape {}",
             shape_str(x.shape()));
  // One draw per channel: (N, C, 1, 1) or (C, 1, 1).
  Shape mask_shape = x.shape();
  mask_shape[x.dim() - 1] = mask_shape[x.dim() - 2] = 1;
  return masked_dropout("dropout2d", x, p, training, mask_shape);
}

}  // namespace axon
