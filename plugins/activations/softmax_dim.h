// The `dim` option of softmax and log_softmax. None keeps PyTorch's legacy
// implicit choice (torch.nn.functional._get_softmax_dim): dim 0 for 0-, 1- and
// 3-D inputs (one vector, or one unbatched (C, H, W) image), else dim 1 (the
// class dim of (N, C, ...)). PyTorch warns that the implicit choice is
// deprecated; pass dim explicitly in new code.
#pragma once

#include <axon/options.h>

#include <cstdint>
#include <optional>
#include <string>

namespace axon::activations {

inline OptionSpec softmax_dim_spec() {
  return {"dim", OptionType::integer, std::monostate{},
          "dim to normalize over (None: 0 for 0-, 1- and 3-D inputs, else 1)"};
}

inline int64_t resolve_softmax_dim(std::optional<int64_t> dim, int64_t rank) {
  if (dim) return *dim;
  return (rank == 0 || rank == 1 || rank == 3) ? 0 : 1;
}

// "1" or "None", as PyTorch's repr prints it.
inline std::string softmax_dim_str(std::optional<int64_t> dim) {
  return dim ? std::to_string(*dim) : "None";
}

}  // namespace axon::activations
