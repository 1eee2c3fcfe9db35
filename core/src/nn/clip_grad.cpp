#include <axon/autograd.h>
#include <axon/clip_grad.h>
#include <axon/error.h>
#include <axon/ops.h>

#include <cmath>

namespace axon {
namespace {

TensorList grads_of(const TensorList& params) {
  TensorList grads;
  for (const auto& p : params)
    if (p.grad().defined()) grads.push_back(p.grad());
  return grads;
}

}  // namespace

Tensor clip_grad_norm(const TensorList& params, double max_norm, double norm_type) {
  AXON_CHECK(norm_type >= 1.0 || std::isinf(norm_type),
             "clip_grad_norm: norm_type must be >= 1 or inf, got {}", norm_type);
  NoGradGuard no_grad;
  TensorList grads = grads_of(params);
  if (grads.empty()) return scalar_tensor(0.0);
  TensorList norms;
  bool inf = std::isinf(norm_type);
  for (const auto& g : grads) {
    Tensor a = abs(g);
    norms.push_back(inf ? max(a) : pow(sum(pow(a, norm_type)), 1.0 / norm_type));
  }
  Tensor stacked = stack(norms);
  Tensor total = inf ? max(stacked) : pow(sum(pow(stacked, norm_type)), 1.0 / norm_type);
  // PyTorch multiplies by the clamped coefficient, so there is no branch on
  // the host (and no synchronization with the device).
  Tensor coef = clamp(div(max_norm, add(total, 1e-6)), std::nullopt, 1.0);
  for (auto& g : grads) g.mul_(coef.to(g.dtype()));
  return total;
}

void clip_grad_value(const TensorList& params, double clip_value) {
  NoGradGuard no_grad;
  for (auto& g : grads_of(params)) g.clamp_(-clip_value, clip_value);
}

}  // namespace axon
