// Option readers shared by the layer plugins, so that every layer words its
// errors the same way ("lstm: missing required option 'hidden_size'").
#pragma once

#include <axon/error.h>
#include <axon/options.h>

#include <string>

namespace axon::layer_options {

// A required integer option of at least `minimum`.
inline int64_t required_int(const Options& o, const char* layer, const std::string& key,
                            int64_t minimum) {
  AXON_CHECK(o.is_set(key), "{}: missing required option '{}'", layer, key);
  auto value = o.get<int64_t>(key);
  AXON_CHECK(value >= minimum, "{}: {} must be at least {}, got {}", layer, key, minimum, value);
  return value;
}

// A probability in [0, 1] (dropout rates).
inline double probability(const Options& o, const char* layer, const std::string& key) {
  auto p = o.get<double>(key);
  AXON_CHECK(p >= 0.0 && p <= 1.0, "{}: {} has to be between 0 and 1, but got {}", layer, key, p);
  return p;
}

}  // namespace axon::layer_options
