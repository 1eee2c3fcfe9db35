// The range check of the (beta1, beta2) pair of the Adam family, with
// PyTorch's message.
#pragma once

#include <axon/error.h>

#include <vector>

#include "check_pair.h"

namespace axon::optimizers {

inline void check_betas(const char* op, const std::vector<double>& betas) {
  check_pair(op, "betas", betas, "beta1, beta2");
  for (size_t i = 0; i < 2; ++i) {
    AXON_CHECK(betas[i] >= 0.0 && betas[i] < 1.0, "{}: invalid beta parameter at index {}: {}", op,
               i, betas[i]);
  }
}

}  // namespace axon::optimizers
