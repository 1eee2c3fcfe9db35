// Tensor factories.
#include "tensor/internal.h"

#include <algorithm>

#include <axon/philox.h>

namespace axon {
namespace {

Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad_) t.requires_grad_(true);
  return t;
}

Tensor random_tensor(const Shape& shape, const TensorOptions& options, dispatch::OpId op, double a,
                     double b) {
  Device& device = options.resolved_device();
  Tensor t = detail::make_empty(shape, options.dtype_, device);
  KernelArgs args;
  args.alpha = a;
  args.beta = b;
  args.seed = device.generator().seed;
  args.counter = device.generator().advance(t.numel());
  detail::launch(op, device, args, {}, {t});
  return finish(t, options);
}

}  // namespace

Tensor empty(const Shape& shape, const TensorOptions& options) {
  return finish(detail::make_empty(shape, options.dtype_, options.resolved_device()), options);
}

Tensor full(const Shape& shape, double value, const TensorOptions& options) {
  Tensor t = detail::make_empty(shape, options.dtype_, options.resolved_device());
  KernelArgs args;
  args.alpha = value;
  detail::launch(AXON_OP("fill"), t.device(), args, {}, {t});
  return finish(t, options);
}

Tensor zeros(const Shape& shape, const TensorOptions& options) { return full(shape, 0.0, options); }
Tensor ones(const Shape& shape, const TensorOptions& options) { return full(shape, 1.0, options); }
Tensor scalar_tensor(double value, const TensorOptions& options) {
  return full({}, value, options);
}

Tensor empty_like(const Tensor& t) { return detail::make_empty(t.shape(), t.dtype(), t.device()); }
Tensor zeros_like(const Tensor& t) { return full_like(t, 0.0); }
Tensor ones_like(const Tensor& t) { return full_like(t, 1.0); }
Tensor full_like(const Tensor& t, double value) {
  return full(t.shape(), value, TensorOptions(t.dtype()).device(t.device()));
}

Tensor arange(int64_t start, int64_t end, int64_t step, const TensorOptions& options) {
  AXON_CHECK(step != 0, "arange: step must be nonzero");
  int64_t n = std::max<int64_t>(0, (end - start + step + (step > 0 ? -1 : 1)) / step);
  std::vector<int64_t> values(n);
  for (int64_t i = 0; i < n; ++i) values[i] = start + i * step;
  return from_vector(values, {n}, options);
}

Tensor rand(const Shape& shape, const TensorOptions& options) {
  return random_tensor(shape, options, AXON_OP("uniform"), 0.0, 1.0);
}

Tensor randn(const Shape& shape, const TensorOptions& options) {
  return random_tensor(shape, options, AXON_OP("normal"), 0.0, 1.0);
}

Tensor bernoulli(const Shape& shape, double p, const TensorOptions& options) {
  AXON_CHECK(p >= 0 && p <= 1, "bernoulli: p must be in [0, 1], got {}", p);
  return random_tensor(shape, options, AXON_OP("bernoulli"), p, 0.0);
}

// Fisher-Yates with Philox draws: the same permutation on every platform
// (std::shuffle's results are implementation-defined).
std::vector<int64_t> randperm(int64_t n, uint64_t seed) {
  std::vector<int64_t> perm(n);
  for (int64_t i = 0; i < n; ++i) perm[i] = i;
  for (int64_t i = n - 1; i > 0; --i) {
    philox::U32x4 r = philox::philox4x32_10(seed, static_cast<uint64_t>(i));
    uint64_t draw = (static_cast<uint64_t>(r.v[0]) << 32) | r.v[1];
    int64_t j = static_cast<int64_t>(draw % static_cast<uint64_t>(i + 1));
    std::swap(perm[i], perm[j]);
  }
  return perm;
}

}  // namespace axon
