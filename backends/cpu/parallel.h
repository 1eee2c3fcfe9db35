// Threading for the cpu kernels: OpenMP over index ranges, only when the work
// is large enough to pay for waking the threads (tiny tensors run inline).
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace axon::cpu {

// Below this many elements of work a kernel runs on the calling thread.
inline constexpr int64_t kParallelThreshold = 32768;

// The thread count of the backend: AXON_NUM_THREADS when set, else the OpenMP
// default. Read once; throws when AXON_NUM_THREADS is not a positive integer.
int num_threads();

// Calls fn(begin, end) on disjoint chunks covering [0, items), in parallel
// when `work` (elements touched in all) reaches kParallelThreshold. fn must not
// throw: validate before the loop.
template <class Fn>
void parallel_for(int64_t items, int64_t work, const Fn& fn) {
  if (items <= 0) return;
  const int threads = num_threads();
  if (work < kParallelThreshold || items == 1 || threads == 1 || omp_in_parallel()) {
    fn(int64_t{0}, items);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const int64_t count = omp_get_num_threads();
    const int64_t chunk = (items + count - 1) / count;
    const int64_t begin = omp_get_thread_num() * chunk;
    const int64_t end = std::min(items, begin + chunk);
    if (begin < end) fn(begin, end);
  }
}

}  // namespace axon::cpu
