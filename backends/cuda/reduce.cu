// Reductions, as the cpu computes them. sum mean max min over `dims`: out
// has in's rank with size 1 on the reduced dims; f32/f64 (sum max min also
// i64); f32 sums accumulate in double. argmax argmin over `dim`: out i64,
// size 1 on dim, ties give the first index. NaN wins in max, min, argmax and
// argmin (the first NaN for the arg ops).
//
// Each output folds the elements of its "line": the reduced sub-space at the
// output's position. One calculator maps an output position to the offsets
// of the output and of its line's first element, another maps a position in
// the line to an offset from there, so any set of dims and any strides work.
// Lanes of a group stride over the line and combine with shuffles; when few
// outputs have long lines, each line is cut into chunks folded by separate
// blocks and a second pass folds the chunks of each output in order.
#include "launch.cuh"
#include "lines.cuh"
#include "registry.h"

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace axon::cuda {
namespace {

// Each op: the element, accumulator and result types, the fold's identity,
// how an element (at position j of its line) enters it, how two partial
// folds combine (commutatively) and the result.
template <class T>
struct Sum {
  using In = T;
  using Out = T;
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, T>;
  __device__ static Acc init() { return Acc(0); }
  __device__ static Acc load(T x, int64_t) { return Acc(x); }
  __device__ static Acc combine(Acc a, Acc b) { return a + b; }
  __device__ static T finish(Acc acc, int64_t) { return static_cast<T>(acc); }
};

template <class T>
struct Mean : Sum<T> {
  __device__ static T finish(typename Sum<T>::Acc acc, int64_t count) {
    return static_cast<T>(acc / static_cast<double>(count));
  }
};

// Max (Sign = 1) and Min (Sign = -1).
template <class T, int Sign>
struct Extreme {
  using In = T;
  using Out = T;
  using Acc = T;
  __device__ static bool better(T x, T best) {
    return (Sign > 0 ? x > best : x < best) || is_nan(x);
  }
  __device__ static T init() {
    using Limits = std::numeric_limits<T>;
    if constexpr (Limits::has_infinity)
      return Sign > 0 ? -Limits::infinity() : Limits::infinity();
    else
      return Sign > 0 ? Limits::lowest() : Limits::max();
  }
  __device__ static T load(T x, int64_t) { return x; }
  __device__ static T combine(T a, T b) { return better(b, a) && !is_nan(a) ? b : a; }
  __device__ static T finish(T acc, int64_t) { return acc; }
};

template <class T>
using Max = Extreme<T, 1>;
template <class T>
using Min = Extreme<T, -1>;

// An element and its index along the arg op's dim.
template <class T>
struct ValueIndex {
  T value;
  int64_t index;
};

template <class T>
__device__ ValueIndex<T> shfl_xor(ValueIndex<T> v, int mask) {
  return {__shfl_xor_sync(0xffffffffu, v.value, mask), __shfl_xor_sync(0xffffffffu, v.index, mask)};
}

// argmax (Sign = 1) and argmin (Sign = -1): the first NaN, else the first
// extreme. The identity has the largest index, so it loses every tie.
template <class T, int Sign>
struct ArgExtreme {
  using In = T;
  using Out = int64_t;
  using Acc = ValueIndex<T>;
  __device__ static Acc init() {
    return {Extreme<T, Sign>::init(), std::numeric_limits<int64_t>::max()};
  }
  __device__ static Acc load(T x, int64_t j) { return {x, j}; }
  __device__ static Acc combine(Acc a, Acc b) {
    const bool a_nan = is_nan(a.value), b_nan = is_nan(b.value);
    const bool first = a.index < b.index;
    if (a_nan || b_nan) return (a_nan && b_nan ? first : a_nan) ? a : b;
    if (a.value == b.value) return first ? a : b;
    return (Sign > 0 ? a.value > b.value : a.value < b.value) ? a : b;
  }
  __device__ static int64_t finish(Acc acc, int64_t) { return acc.index; }
};

template <class T>
using ArgMax = ArgExtreme<T, 1>;
template <class T>
using ArgMin = ArgExtreme<T, -1>;

template <class Op>
struct Reduction {
  OffsetCalculator<2> outer;  // output position -> offsets in out and of its line in in
  OffsetCalculator<1> inner;  // position in the line -> offset from the line's start
  int64_t outputs, count;     // count: elements per line
  int64_t chunk;              // elements per chunk (gridDim.y chunks per line)
  bool lanes_x;               // LinePlan::lanes_x
  const typename Op::In* src;
  typename Op::Out* dst;
  typename Op::Acc* partial;  // outputs x chunks, when gridDim.y > 1
};

template <class Op>
__global__ void reduce_kernel(Reduction<Op> r) {
  using Acc = typename Op::Acc;
  __shared__ Acc scratch[kThreads];
  const LineThread t(r.lanes_x);
  const int64_t begin = blockIdx.y * r.chunk;
  const int64_t end = r.count < begin + r.chunk ? r.count : begin + r.chunk;
  for (int64_t base = int64_t(blockIdx.x) * t.slots; base < r.outputs;
       base += int64_t(gridDim.x) * t.slots) {
    const int64_t o = base + t.slot;
    const bool active = o < r.outputs;
    int64_t at[2] = {0, 0};
    Acc acc = Op::init();
    if (active) {
      r.outer.offsets(o, at);
      const typename Op::In* line = r.src + at[1];
      for (int64_t j = begin + t.lane; j < end; j += t.lanes)
        acc = Op::combine(acc, Op::load(line[offset_of(r.inner, j)], j));
    }
    acc = group_reduce<Op>(acc, scratch, t);
    if (active && t.lane == 0) {
      if (gridDim.y == 1)
        r.dst[at[0]] = Op::finish(acc, r.count);
      else
        r.partial[o * gridDim.y + blockIdx.y] = acc;
    }
  }
}

// The second pass: each output folds its chunks in order.
template <class Op>
void finish_chunks(const CudaDevice& device, const Reduction<Op>& r, int64_t chunks) {
  for_each(device, r.outputs, [=] __device__(int64_t o) {
    typename Op::Acc acc = r.partial[o * chunks];
    for (int64_t c = 1; c < chunks; ++c) acc = Op::combine(acc, r.partial[o * chunks + c]);
    int64_t at[2];
    r.outer.offsets(o, at);
    r.dst[at[0]] = Op::finish(acc, r.count);
  });
}

// Each lane of a chunk folds at least this many elements.
constexpr int64_t kMinPerLane = 64;

// out (in's rank, size 1 on `dims`) = the fold of in over `dims`.
template <class Op>
void reduce(CudaDevice& device, const TensorArg& in, const TensorArg& out,
            const std::vector<int64_t>& dims, const char* name) {
  Shape kept = in.shape, reduced(in.shape.size(), 1);
  for (int64_t d : dims) {
    if (d < 0 || d >= in.dim())
      fail(std::string(name) + ": reduction dim " + std::to_string(d) + " out of range for rank " +
           std::to_string(in.dim()));
    reduced[d] = in.shape[d];
    kept[d] = 1;
  }
  if (out.shape != kept)
    fail(std::string(name) + ": output shape " + shape_str(out.shape) + " does not match " +
         shape_str(kept));
  Reduction<Op> r{make_offset_calculator<2>(kept, {&out.strides, &in.strides}),
                  make_offset_calculator<1>(reduced, {&in.strides}),
                  numel(kept),
                  numel(reduced),
                  0,
                  true,
                  in.data<typename Op::In>(),
                  out.data<typename Op::Out>(),
                  nullptr};
  if (r.outputs == 0) return;
  const bool contiguous = r.inner.ndim == 1 && r.inner.strides[0][0] == 1;
  const LinePlan plan = plan_lines(device, r.outputs, r.count, contiguous);
  r.lanes_x = plan.lanes_x;
  // Few blocks for long lines: cut the lines into chunks for more blocks.
  const int64_t sms = device.multiprocessors();
  const int64_t per_chunk = plan.lanes * kMinPerLane;
  int64_t chunks = 1;
  if (plan.blocks < 2 * sms && r.count > per_chunk) {
    const int64_t for_blocks = (2 * sms + plan.blocks - 1) / plan.blocks;
    const int64_t for_length = (r.count + per_chunk - 1) / per_chunk;
    chunks = for_blocks < for_length ? for_blocks : for_length;
  }
  r.chunk = (r.count + chunks - 1) / chunks;
  if (r.chunk > 0) chunks = (r.count + r.chunk - 1) / r.chunk;
  const dim3 grid(plan.blocks, static_cast<unsigned>(chunks));
  if (chunks == 1) {
    reduce_kernel<Op><<<grid, plan.block(), 0, device.stream()>>>(r);
    AXON_CUDA_CHECK_LAUNCH();
    return;
  }
  Scratch partial(device, static_cast<size_t>(r.outputs * chunks) * sizeof(typename Op::Acc));
  r.partial = partial.get<typename Op::Acc>();
  reduce_kernel<Op><<<grid, plan.block(), 0, device.stream()>>>(r);
  AXON_CUDA_CHECK_LAUNCH();
  finish_chunks(device, r, chunks);
}

// sum mean max min: the cpu's checks, in its order.
template <class T, template <class> class Op, bool kNeedsElements>
void reduce_as(CudaDevice& device, const KernelArgs& args, const char* name) {
  const TensorArg &in = args.in[0], &out = args.out[0];
  check_dtype(name, dtype_of<T>(), out.dtype, "output");
  for (int64_t d : args.dims) {
    if (kNeedsElements && d >= 0 && d < in.dim() && in.shape[d] == 0)
      fail(std::string(name) + ": expected reduction dim " + std::to_string(d) +
           " to have non-zero size, got shape " + shape_str(in.shape));
  }
  reduce<Op<T>>(device, in, out, args.dims, name);
}

template <template <class> class Op, bool kNeedsElements, bool kIntegers>
void reduction(const KernelArgs& args, const char* name) {
  CudaDevice& device = CudaDevice::of(args);
  const auto run = [&](auto zero) {
    reduce_as<decltype(zero), Op, kNeedsElements>(device, args, name);
  };
  if (kIntegers)
    dispatch_numeric(name, args.in[0].dtype, run);
  else
    dispatch_floating(name, args.in[0].dtype, run);
}

// argmax argmin: a reduction over the single dim `dim`.
template <class T, template <class> class Op>
void arg_reduce_as(CudaDevice& device, const KernelArgs& args, const char* name) {
  reduce<Op<T>>(device, args.in[0], args.out[0], {args.dim}, name);
}

template <template <class> class Op>
void arg_reduction(const KernelArgs& args, const char* name) {
  CudaDevice& device = CudaDevice::of(args);
  const TensorArg& in = args.in[0];
  if (args.dim < 0 || args.dim >= in.dim() || in.shape[args.dim] == 0)
    fail(std::string(name) + ": expected reduction dim " + std::to_string(args.dim) +
         " to have non-zero size, got shape " + shape_str(in.shape));
  check_dtype(name, DType::i64, args.out[0].dtype, "output");
  dispatch_numeric(name, in.dtype,
                   [&](auto zero) { arg_reduce_as<decltype(zero), Op>(device, args, name); });
}

AXON_CUDA_KERNEL("sum", [](const KernelArgs& a) { reduction<Sum, false, true>(a, "sum"); });
AXON_CUDA_KERNEL("mean", [](const KernelArgs& a) { reduction<Mean, false, false>(a, "mean"); });
AXON_CUDA_KERNEL("max", [](const KernelArgs& a) { reduction<Max, true, true>(a, "max"); });
AXON_CUDA_KERNEL("min", [](const KernelArgs& a) { reduction<Min, true, true>(a, "min"); });
AXON_CUDA_KERNEL("argmax", [](const KernelArgs& a) { arg_reduction<ArgMax>(a, "argmax"); });
AXON_CUDA_KERNEL("argmin", [](const KernelArgs& a) { arg_reduction<ArgMin>(a, "argmin"); });

}  // namespace
}  // namespace axon::cuda
