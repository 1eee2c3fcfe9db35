// The environment that configures the simulated accelerator:
//   AXON_MLU_DEVICES  how many devices (default 1; 0 makes the type unavailable)
//   AXON_MLU_MEMORY   each device's capacity: bytes, or with K, M, G (binary)
//                     suffixes, "512M" (default 4G)
//   AXON_MLU_DISABLE  primitives left out ("softmax,conv2d"), to exercise the
//                     fallback path and the coverage report
#pragma once

#include <cstdint>
#include <set>
#include <string>

namespace axon::mlu {

struct Settings {
  int devices = 1;
  uint64_t capacity = uint64_t{4} << 30;
  std::set<std::string> disabled;
};

// Throws axon::Error naming the variable, what it expects and what it got.
Settings settings_from_env();

}  // namespace axon::mlu
