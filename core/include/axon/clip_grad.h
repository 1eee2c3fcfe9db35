// Gradient clipping, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_.
#pragma once

#include <axon/tensor.h>

namespace axon {

// Scales the gradients in place so that their total norm (the norm of the
// vector of every parameter's gradient norm) is at most max_norm, and returns
// that total norm before clipping as a 0-dim tensor on the gradients' device
// (no host synchronization). norm_type is a p >= 1, or infinity for the max
// norm. Parameters without a gradient are skipped.
Tensor clip_grad_norm(const TensorList& params, double max_norm, double norm_type = 2.0);

// Clamps every gradient element into [-clip_value, clip_value] in place.
void clip_grad_value(const TensorList& params, double clip_value);

}  // namespace axon
