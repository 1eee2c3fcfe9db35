// Wall-clock timing for the benchmarks.
#pragma once

#include <algorithm>
#include <chrono>
#include <limits>

namespace bench {

// Seconds that f() takes.
template <class F>
double seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The best of `repeats` timings of f(): the least disturbed by the rest of the machine.
template <class F>
double best_seconds(int repeats, F&& f) {
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < repeats; ++i) best = std::min(best, seconds(f));
  return best;
}

}  // namespace bench
