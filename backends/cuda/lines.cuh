// What the kernels that fold "lines" share (reductions, softmax, index ops):
// a line is a set of elements folded into one result (the elements along
// `dim` at one position of the other dims, or a reduction's sub-space).
//
// Such kernels run `lanes` threads per line (a power of two) and `slots`
// lines per block (see LinePlan). Every thread of a block calls group_reduce
// the same number of times, so threads without a line still take part (with
// the fold's identity).
#pragma once

#include "launch.cuh"

#include <axon/dtype.h>
#include <axon/shape.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace axon::cuda {

// The positions where lines along `dim` start: the shape with size 1 on dim.
inline Shape line_starts(Shape shape, int64_t dim) {
  shape[dim] = 1;
  return shape;
}

__device__ inline float exp_of(float x) { return expf(x); }
__device__ inline double exp_of(double x) { return exp(x); }

// Offset of position j of a one-operand calculator (no division when its
// dims merged into one).
__device__ inline int64_t offset_of(const OffsetCalculator<1>& calc, int64_t j) {
  if (calc.ndim == 1) return j * calc.strides[0][0];
  int64_t at[1];
  calc.offsets(j, at);
  return at[0];
}

// Arithmetic values shuffle as they are; a struct defines its own overload
// next to it (found by argument-dependent lookup).
template <class V>
__device__ V shfl_xor(V v, int mask) {
  return __shfl_xor_sync(0xffffffffu, v, mask);
}

// How lines spread over a block's threads. Contiguous lines: the lanes of
// a line are consecutive threads (threadIdx.x), so a warp reads consecutive
// elements. Strided lines: threadIdx.x runs over adjacent lines (which
// usually lie next to each other, so a warp still reads consecutive
// elements) and the lanes of a line are threadIdx.y.
struct LinePlan {
  bool lanes_x = true;  // the lanes of a line run along threadIdx.x
  int lanes = 1;        // threads per line, a power of two
  int slots = 1;        // lines per block
  int blocks = 1;       // the kernels stride over the lines with the grid
  dim3 block() const { return lanes_x ? dim3(lanes, slots) : dim3(slots, lanes); }
};

// Where the calling thread stands in a LinePlan's block.
struct LineThread {
  bool lanes_x;
  int lane, lanes, slot, slots;
  __device__ explicit LineThread(bool along_x)
      : lanes_x(along_x),
        lane(along_x ? threadIdx.x : threadIdx.y),
        lanes(along_x ? blockDim.x : blockDim.y),
        slot(along_x ? threadIdx.y : threadIdx.x),
        slots(along_x ? blockDim.y : blockDim.x) {}
};

// Op::combine folded over the lanes of a line; every lane gets the result.
// `scratch`: kThreads values in shared memory. Op::combine must be
// commutative for the lanes of a warp to agree. Every thread of the block
// must call it.
template <class Op, class V>
__device__ V group_reduce(V v, V* scratch, const LineThread& t) {
  if (t.lanes == 1) return v;
  const int thread = threadIdx.y * blockDim.x + threadIdx.x;
  if (t.lanes_x) {
    for (int mask = (t.lanes < 32 ? t.lanes : 32) / 2; mask > 0; mask /= 2)
      v = Op::combine(v, shfl_xor(v, mask));
    if (t.lanes <= 32) return v;
    // A line spans whole warps: their leaders' values, folded in order.
    if (thread % 32 == 0) scratch[thread / 32] = v;
    __syncthreads();
    const int first = t.slot * t.lanes / 32;
    v = scratch[first];
    for (int w = 1; w < t.lanes / 32; ++w) v = Op::combine(v, scratch[first + w]);
  } else {
    // Lane l of the line in column x is at scratch[l * blockDim.x + x].
    scratch[thread] = v;
    __syncthreads();
    v = scratch[threadIdx.x];
    for (int l = 1; l < t.lanes; ++l) v = Op::combine(v, scratch[l * blockDim.x + threadIdx.x]);
  }
  __syncthreads();  // scratch is free again
  return v;
}

// Lines of contiguous elements get a thread per element, up to a block.
// Strided lines get up to 32 adjacent lines per block and more than one
// lane per line only while the GPU would otherwise run short of threads.
inline LinePlan plan_lines(const CudaDevice& device, int64_t lines, int64_t length,
                           bool contiguous) {
  const int64_t sms = device.multiprocessors();
  const int64_t enough = sms * 1024;
  int64_t adjacent = 1;  // the power of two from `lines` up, at most kThreads
  while (adjacent < kThreads && adjacent < lines) adjacent *= 2;
  LinePlan plan;
  plan.lanes_x = contiguous;
  if (contiguous) {
    while (plan.lanes < kThreads && plan.lanes < length) plan.lanes *= 2;
    plan.slots = kThreads / plan.lanes;
  } else {
    const int64_t columns = adjacent < 32 ? adjacent : 32;
    while (columns * plan.lanes < kThreads && plan.lanes < length && lines * plan.lanes < enough)
      plan.lanes *= 2;
    plan.slots =
        static_cast<int>(adjacent < kThreads / plan.lanes ? adjacent : kThreads / plan.lanes);
  }
  const int64_t wanted = (lines + plan.slots - 1) / plan.slots;
  plan.blocks = static_cast<int>(wanted < sms * 32 ? wanted : sms * 32);
  if (plan.blocks < 1) plan.blocks = 1;
  return plan;
}

}  // namespace axon::cuda
