// where: out = c ? a : b (c bool; a, b, out of one dtype, any).
// clamp: out = min(max(x, alpha), beta), dims = {has_min, has_max}; f32/f64/i64.
// As the cpu backend computes them (backends/cpu/where_clamp.cpp).
#include "map.cuh"
#include "registry.h"

#include <limits>
#include <string>

namespace axon::cuda {
namespace {

struct Select {
  template <class T>
  __device__ T operator()(bool c, T a, T b) const {
    return c ? a : b;
  }
};

template <class T>
void where_as(const KernelArgs& args) {
  check_dtype("where", dtype_of<T>(), args.in[2].dtype, "other");
  check_dtype("where", dtype_of<T>(), args.out[0].dtype, "output");
  map<T, bool, T, T>(CudaDevice::of(args), Select{}, args.out[0], args.in[0], args.in[1],
                     args.in[2]);
}

void where(const KernelArgs& args) {
  check_dtype("where", DType::boolean, args.in[0].dtype, "condition");
  dispatch_all("where", args.in[1].dtype, [&](auto zero) { where_as<decltype(zero)>(args); });
}

// Comparisons keep NaN, as PyTorch's clamp does.
template <class T>
struct Clamp {
  T low, high;
  __device__ T operator()(T x) const {
    const T raised = x < low ? low : x;
    return raised > high ? high : raised;
  }
};

template <class T>
void clamp_as(const KernelArgs& args) {
  check_dtype("clamp", dtype_of<T>(), args.out[0].dtype, "output");
  // An absent bound is the type's extreme, which never changes a value.
  using Limits = std::numeric_limits<T>;
  const T none_low = Limits::has_infinity ? -Limits::infinity() : Limits::lowest();
  const T none_high = Limits::has_infinity ? Limits::infinity() : Limits::max();
  const T low = args.dims[0] != 0 ? static_cast<T>(args.alpha) : none_low;
  const T high = args.dims[1] != 0 ? static_cast<T>(args.beta) : none_high;
  map<T, T>(CudaDevice::of(args), Clamp<T>{low, high}, args.out[0], args.in[0]);
}

void clamp(const KernelArgs& args) {
  if (args.dims.size() != 2)
    fail("clamp: expected dims = {has_min, has_max}, got " + std::to_string(args.dims.size()) +
         " values");
  dispatch_numeric("clamp", args.in[0].dtype, [&](auto zero) { clamp_as<decltype(zero)>(args); });
}

AXON_CUDA_KERNEL("where", where);
AXON_CUDA_KERNEL("clamp", clamp);

}  // namespace
}  // namespace axon::cuda
