// The length check of an option that is a pair of numbers (betas, etas,
// step_sizes), which PyTorch takes as a tuple and unpacks.
#pragma once

#include <axon/error.h>

#include <vector>

namespace axon::optimizers {

// names: what the two values are, for the message ("beta1, beta2").
inline void check_pair(const char* op, const char* option, const std::vector<double>& values,
                       const char* names) {
  AXON_CHECK(values.size() == 2, "{}: expected {} of 2 values ({}), got {}", op, option, names,
             values);
}

}  // namespace axon::optimizers
