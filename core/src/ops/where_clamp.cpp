// where, clamp and allclose.
#include "tensor/internal.h"

#include <cmath>

namespace axon {

Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b) {
  Device& device = detail::common_device("where", {&condition, &a, &b});
  DType dtype = promote(a.dtype(), b.dtype());
  Tensor ta = a.to(dtype), tb = b.to(dtype);
  Shape shape =
      broadcast_shapes(broadcast_shapes(condition.shape(), a.shape(), "where"), b.shape(), "where");
  Tensor c = detail::cast(condition.detach(), DType::boolean);
  Tensor out = detail::make_empty(shape, dtype, device);
  KernelArgs args;
  detail::launch(AXON_OP("where"), device, args,
                 {c.expand(shape), ta.detach().expand(shape), tb.detach().expand(shape)}, {out});
  if (autograd::needs_grad({ta, tb})) {
    Shape shape_a = ta.shape(), shape_b = tb.shape();
    autograd::record("where", {ta, tb}, out, [=](const TensorList& g) {
      Tensor zero = zeros_like(g[0]);
      return TensorList{sum_to(where(c, g[0], zero), shape_a),
                        sum_to(where(c, zero, g[0]), shape_b)};
    });
  }
  return out;
}

Tensor clamp(const Tensor& x, std::optional<double> min, std::optional<double> max) {
  AXON_CHECK(min || max, "clamp: at least one of 'min' or 'max' must not be None");
  Tensor out = detail::make_empty(x.shape(), x.dtype(), x.device());
  KernelArgs args;
  args.alpha = min.value_or(0.0);
  args.beta = max.value_or(0.0);
  args.dims = {min ? 1 : 0, max ? 1 : 0};
  detail::launch(AXON_OP("clamp"), x.device(), args, {x}, {out});
  Tensor saved = x.detach();
  autograd::record("clamp", {x}, out, [saved, min, max](const TensorList& g) {
    Tensor mask = ones_like(g[0]);
    if (min) mask = mul(mask, ge(saved, *min).to(g[0].dtype()));
    if (max) mask = mul(mask, le(saved, *max).to(g[0].dtype()));
    return TensorList{mul(g[0], mask)};
  });
  return out;
}

bool allclose(const Tensor& a, const Tensor& b, double rtol, double atol) {
  if (a.shape() != b.shape()) return false;
  auto va = a.to_vector<double>(), vb = b.to_vector<double>();
  for (size_t i = 0; i < va.size(); ++i)
    if (!(std::abs(va[i] - vb[i]) <= atol + rtol * std::abs(vb[i]))) return false;
  return true;
}

}  // namespace axon
