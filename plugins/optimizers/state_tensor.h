// Per-parameter state tensors created on first use, as the lazy state
// initialization of torch.optim (zeros_like or full_like the parameter).
#pragma once

#include <axon/optimizer.h>
#include <axon/tensor.h>

namespace axon::optimizers {

// The named state tensor, filled with `initial` like `param` the first time.
inline Tensor& state_tensor(ParamState& state, const char* name, const Tensor& param,
                            double initial = 0.0) {
  auto found = state.tensors.find(name);
  if (found == state.tensors.end())
    found = state.tensors.emplace(name, full_like(param, initial)).first;
  return found->second;
}

}  // namespace axon::optimizers
