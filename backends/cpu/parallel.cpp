#include "parallel.h"

#include <axon/error.h>

#include <cstdlib>
#include <string>

namespace axon::cpu {
namespace {

int threads_from_env() {
  const char* text = std::getenv("AXON_NUM_THREADS");
  if (text == nullptr || *text == '\0') return omp_get_max_threads();
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  AXON_CHECK(*end == '\0' && value > 0 && value <= 4096,
             "AXON_NUM_THREADS: expected a positive integer, got '{}'", text);
  return static_cast<int>(value);
}

}  // namespace

int num_threads() {
  static const int threads = threads_from_env();
  return threads;
}

}  // namespace axon::cpu
