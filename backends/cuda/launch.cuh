// What the .cu kernels share: launching an elementwise loop, strided offsets,
// dtype dispatch and reporting a bad index. Only for .cu files (device code).
#pragma once

#include "device.h"
#include "status.h"

#include <axon/dtype.h>
#include <axon/kernels.h>

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>

namespace axon::cuda {

inline constexpr int kThreads = 256;
// Tensors of more dims (after merging contiguous ones) are rejected.
inline constexpr int kMaxDims = 12;

template <class F>
__global__ void for_each_kernel(int64_t n, F f) {
  const int64_t step = static_cast<int64_t>(blockDim.x) * gridDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step)
    f(i);
}

// Calls f(i) for i in [0, n) on the device's stream (f: a __device__ lambda
// capturing by value). A grid-stride loop: the grid is capped so that huge
// tensors need no 64-bit grid sizes.
template <class F>
void for_each(const CudaDevice& device, int64_t n, F f) {
  if (n <= 0) return;
  const int64_t wanted = (n + kThreads - 1) / kThreads;
  const int64_t cap = static_cast<int64_t>(device.multiprocessors()) * 32;
  const int blocks = static_cast<int>(wanted < cap ? wanted : cap);
  for_each_kernel<<<blocks, kThreads, 0, device.stream()>>>(n, f);
  AXON_CUDA_CHECK_LAUNCH();
}

// Element offsets of N operands at a row-major position of a shape. Dims of
// size 1 are dropped and dims every operand steps over as one are merged, so
// contiguous tensors cost one division per element.
template <int N>
struct OffsetCalculator {
  int ndim = 0;
  int64_t sizes[kMaxDims];       // innermost first
  int64_t strides[kMaxDims][N];  // of operand k along each kept dim

  __host__ __device__ void offsets(int64_t position, int64_t (&out)[N]) const {
    for (int k = 0; k < N; ++k) out[k] = 0;
    for (int d = 0; d < ndim; ++d) {
      const int64_t i = position % sizes[d];
      position /= sizes[d];
      for (int k = 0; k < N; ++k) out[k] += i * strides[d][k];
    }
  }
};

// strides[k]: operand k's strides over `shape` (stride 0 broadcasts).
template <int N>
OffsetCalculator<N> make_offset_calculator(const Shape& shape,
                                           const std::array<const Shape*, N>& strides) {
  OffsetCalculator<N> calc;
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    if (shape[d] == 1) continue;
    bool merge = calc.ndim > 0;
    for (int k = 0; k < N && merge; ++k)
      merge = (*strides[k])[d] == calc.sizes[calc.ndim - 1] * calc.strides[calc.ndim - 1][k];
    if (merge) {
      calc.sizes[calc.ndim - 1] *= shape[d];
      continue;
    }
    if (calc.ndim == kMaxDims)
      fail("cuda: tensors of more than " + std::to_string(kMaxDims) +
           " non-mergeable dims are not supported (got " + std::to_string(shape.size()) + ")");
    calc.sizes[calc.ndim] = shape[d];
    for (int k = 0; k < N; ++k) calc.strides[calc.ndim][k] = (*strides[k])[d];
    ++calc.ndim;
  }
  return calc;
}

[[noreturn]] inline void unsupported_dtype(const char* op, DType dtype) {
  fail(std::string(op) + ": dtype " + std::string(dtype_name(dtype)) +
       " is not supported by the cuda kernel");
}

// Calls f(T{}) with T the C++ type of `dtype`, among f32 and f64. nvcc does
// not allow a __device__ lambda inside a generic lambda, so f calls a
// function template that launches:
//   dispatch_floating(op, x.dtype, [&](auto zero) { relu_as<decltype(zero)>(device, x, y); });
template <class F>
void dispatch_floating(const char* op, DType dtype, F&& f) {
  switch (dtype) {
    case DType::f32:
      return f(float{});
    case DType::f64:
      return f(double{});
    default:
      unsupported_dtype(op, dtype);
  }
}

// f32, f64 and i64.
template <class F>
void dispatch_numeric(const char* op, DType dtype, F&& f) {
  if (dtype == DType::i64) return f(int64_t{});
  dispatch_floating(op, dtype, f);
}

// Every dtype.
template <class F>
void dispatch_all(const char* op, DType dtype, F&& f) {
  switch (dtype) {
    case DType::u8:
      return f(uint8_t{});
    case DType::boolean:
      return f(bool{});
    default:
      dispatch_numeric(op, dtype, f);
  }
}

// The cpu's wording for a tensor of the wrong dtype.
inline void check_dtype(const char* op, DType expected, DType got, const char* what) {
  if (expected != got)
    fail(std::string(op) + ": expected " + what + " of dtype " + std::string(dtype_name(expected)) +
         ", got " + std::string(dtype_name(got)));
}

// Integers are never NaN; x != x is NaN's test (no fast math here).
template <class T>
__device__ bool is_nan(T x) {
  if constexpr (std::is_floating_point_v<T>)
    return x != x;
  else
    return false;
}

// Records the first bad index of a launch; the host throws it at the next
// synchronizing call (CudaDevice::raise_fault).
__device__ inline void report_bad_index(const FaultSlot& fault, int op, int64_t index, int64_t dim,
                                        int64_t size) {
  if (atomicCAS(fault.claim, 0, 1) != 0) return;
  KernelFault* report = fault.report;
  report->op = op;
  report->index = index;
  report->dim = dim;
  report->size = size;
  __threadfence_system();  // the fields reach the host before the flag
  report->raised = 1;
}

}  // namespace axon::cuda
