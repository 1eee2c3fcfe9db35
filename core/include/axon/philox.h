// Philox 4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3")
// and the transforms every backend applies to its output, so that a seed gives
// the same numbers on every device. Plain arithmetic: usable from CUDA too
// (define AXON_HOST_DEVICE as __host__ __device__ before including).
#pragma once

#include <cmath>
#include <cstdint>

#ifndef AXON_HOST_DEVICE
#define AXON_HOST_DEVICE
#endif

namespace axon::philox {

struct U32x4 {
  uint32_t v[4];
};

AXON_HOST_DEVICE inline void mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  uint64_t p = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

// Ten rounds on the 128-bit counter (counter, 0) with the 64-bit key seed.
AXON_HOST_DEVICE inline U32x4 philox4x32_10(uint64_t seed, uint64_t counter) {
  uint32_t c0 = static_cast<uint32_t>(counter), c1 = static_cast<uint32_t>(counter >> 32);
  uint32_t c2 = 0, c3 = 0;
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    mulhilo(0xD2511F53u, c0, hi0, lo0);
    mulhilo(0xCD9E8D57u, c2, hi1, lo1);
    uint32_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
    c0 = n0, c1 = n1, c2 = n2, c3 = n3;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return U32x4{{c0, c1, c2, c3}};
}

// Uniform in [0, 1) with 24 random bits (exact in float).
AXON_HOST_DEVICE inline double to_unit(uint32_t x) { return (x >> 8) * (1.0 / 16777216.0); }
// Uniform in (0, 1], safe for log().
AXON_HOST_DEVICE inline double to_unit_open(uint32_t x) {
  return ((x >> 8) + 1) * (1.0 / 16777216.0);
}

// Element i of a random kernel: lane i % 4 of block counter + i / 4.
AXON_HOST_DEVICE inline double uniform_at(uint64_t seed, uint64_t counter, int64_t i, double low,
                                          double high) {
  U32x4 r = philox4x32_10(seed, counter + static_cast<uint64_t>(i / 4));
  return low + (high - low) * to_unit(r.v[i % 4]);
}

// Box-Muller on lane pairs (0, 1) and (2, 3): even lanes take the cosine, odd the sine.
AXON_HOST_DEVICE inline double normal_at(uint64_t seed, uint64_t counter, int64_t i, double mean,
                                         double stddev) {
  U32x4 r = philox4x32_10(seed, counter + static_cast<uint64_t>(i / 4));
  int lane = static_cast<int>(i % 4);
  int pair = lane & ~1;
  double radius = std::sqrt(-2.0 * std::log(to_unit_open(r.v[pair])));
  double angle = 6.283185307179586 * to_unit(r.v[pair + 1]);
  double z = (lane & 1) ? radius * std::sin(angle) : radius * std::cos(angle);
  return mean + stddev * z;
}

AXON_HOST_DEVICE inline double bernoulli_at(uint64_t seed, uint64_t counter, int64_t i, double p) {
  return uniform_at(seed, counter, i, 0.0, 1.0) < p ? 1.0 : 0.0;
}

}  // namespace axon::philox
