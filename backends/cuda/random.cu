// uniform (alpha = low, beta = high), normal (alpha = mean, beta = std) and
// bernoulli (alpha = p): out[0] contiguous f32/f64, element i drawn from
// Philox block counter + i / 4, lane i % 4 (axon/philox.h), so that the cpu
// and the GPU give the same numbers for a seed.
#define AXON_HOST_DEVICE __host__ __device__
#include <axon/philox.h>

#include "launch.cuh"
#include "registry.h"

#include <cstdint>
#include <string>

namespace axon::cuda {
namespace {

// The draws in double, as on the cpu. nvcc would fuse "low + (high - low) u"
// into one fma where the cpu rounds the product first, so the affine step is
// applied here with the unfused intrinsics, to the standard draw (whose own
// affine step, 0 + 1 * z, is exact fused or not).
struct Uniform {
  __device__ double operator()(uint64_t seed, uint64_t counter, int64_t i, double low,
                               double high) const {
    const double u = philox::uniform_at(seed, counter, i, 0.0, 1.0);
    return __dadd_rn(low, __dmul_rn(high - low, u));
  }
};

struct Normal {
  __device__ double operator()(uint64_t seed, uint64_t counter, int64_t i, double mean,
                               double stddev) const {
    const double z = philox::normal_at(seed, counter, i, 0.0, 1.0);
    return __dadd_rn(mean, __dmul_rn(stddev, z));
  }
};

struct Bernoulli {
  __device__ double operator()(uint64_t seed, uint64_t counter, int64_t i, double p, double) const {
    return philox::bernoulli_at(seed, counter, i, p);
  }
};

template <class T, class Draw>
void random_as(const KernelArgs& args) {
  const CudaDevice& device = CudaDevice::of(args);
  T* dst = args.out[0].data<T>();
  const uint64_t seed = args.seed, counter = args.counter;
  const double alpha = args.alpha, beta = args.beta;
  for_each(device, args.out[0].numel(), [=] __device__(int64_t i) {
    dst[i] = static_cast<T>(Draw{}(seed, counter, i, alpha, beta));
  });
}

template <class Draw>
Kernel random_kernel(const char* op) {
  return [op](const KernelArgs& args) {
    const TensorArg& out = args.out[0];
    if (!out.is_contiguous()) fail(std::string(op) + ": expected a contiguous output");
    dispatch_floating(op, out.dtype, [&](auto zero) { random_as<decltype(zero), Draw>(args); });
  };
}

AXON_CUDA_KERNEL("uniform", random_kernel<Uniform>("uniform"));
AXON_CUDA_KERNEL("normal", random_kernel<Normal>("normal"));
AXON_CUDA_KERNEL("bernoulli", random_kernel<Bernoulli>("bernoulli"));

}  // namespace
}  // namespace axon::cuda
