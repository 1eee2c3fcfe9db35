// The (h, w) options shared by the convolution and pooling layers:
// kernel_size, stride, padding, dilation given as one integer or one per
// spatial dim, as PyTorch accepts them.
#pragma once

#include <axon/error.h>
#include <axon/options.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <string>

namespace axon::layer_options {

// `dims` sizes (1 or 2) as an (h, w) pair: a 1-D layer's size goes in w (its
// input runs as (N, C, 1, L)), with `fill` for h.
inline std::array<int64_t, 2> window_pair(const Options& o, const char* layer,
                                          const std::string& key, int dims, int64_t fill) {
  AXON_CHECK(o.is_set(key), "{}: missing required option '{}'", layer, key);
  const auto values = o.get<std::vector<int64_t>>(key);
  AXON_CHECK(values.size() == 1 || static_cast<int>(values.size()) == dims,
             "{}: {} expects 1 or {} integers, got {}", layer, key, dims, values);
  if (dims == 1) return {fill, values[0]};
  return {values[0], values.size() == 2 ? values[1] : values[0]};
}

// "(3, 3)" for a 2-D layer, "(3,)" for a 1-D one, as PyTorch prints them.
inline std::string window_str(const std::array<int64_t, 2>& pair, int dims) {
  return dims == 1 ? fmt::format("({},)", pair[1]) : fmt::format("({}, {})", pair[0], pair[1]);
}

}  // namespace axon::layer_options
