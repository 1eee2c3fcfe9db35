// softmax and log_softmax along `dim`, and their backward passes
// (in = {grad_out, y}, out = grad_in), f32/f64, as the cpu computes them:
// each line subtracts its max before exponentiating; f32 lines sum in double.
//
// A group of lanes per line (see lines.cuh): the lanes stride over the
// line's elements (any stride), combine the max and the sum with shuffles,
// then write their elements.
#include "launch.cuh"
#include "lines.cuh"
#include "registry.h"

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace axon::cuda {
namespace {

template <class T>
using Acc = std::conditional_t<std::is_same_v<T, float>, double, T>;

// The cpu's max: a NaN, once met, stays.
template <class T>
struct MaxOp {
  __device__ static T combine(T a, T b) { return b > a || isnan(b) ? b : a; }
};

template <class T>
struct SumOp {
  __device__ static T combine(T a, T b) { return a + b; }
};

__device__ inline float mul_rn(float a, float b) { return __fmul_rn(a, b); }
__device__ inline double mul_rn(double a, double b) { return __dmul_rn(a, b); }
__device__ inline double log_of(double x) { return log(x); }

// Lines of n elements; line o of operand k starts at calc's offset k and
// steps by stride[k].
template <int N>
struct Lines {
  OffsetCalculator<N> calc;
  int64_t count, n;
  int64_t stride[N];
  bool lanes_x = true;  // LinePlan::lanes_x
};

// Calls body(first, at) for the lines of the block: the thread's first
// element of its line (the line's length when the thread has no line) and
// the line's offsets. Every thread runs the same iterations, as
// group_reduce needs.
template <int N, class Body>
__device__ void for_lines(const Lines<N>& lines, const LineThread& t, Body body) {
  for (int64_t base = int64_t(blockIdx.x) * t.slots; base < lines.count;
       base += int64_t(gridDim.x) * t.slots) {
    const int64_t o = base + t.slot;
    int64_t at[N] = {};
    if (o < lines.count) lines.calc.offsets(o, at);
    body(o < lines.count ? t.lane : lines.n, at);
  }
}

template <class T>
__global__ void softmax_kernel(Lines<2> lines, const T* x, T* y, bool take_log) {
  __shared__ T max_scratch[kThreads];
  __shared__ Acc<T> sum_scratch[kThreads];
  const LineThread t(lines.lanes_x);
  const int64_t n = lines.n, xs = lines.stride[0], ys = lines.stride[1], step = t.lanes;
  for_lines(lines, t, [&](int64_t first, const int64_t* at) {
    const T* in = x + at[0];
    T* out = y + at[1];
    T max = -std::numeric_limits<T>::infinity();
    for (int64_t j = first; j < n; j += step) max = MaxOp<T>::combine(max, in[j * xs]);
    max = group_reduce<MaxOp<T>>(max, max_scratch, t);
    Acc<T> total = 0;
    for (int64_t j = first; j < n; j += step) total += exp_of(in[j * xs] - max);
    total = group_reduce<SumOp<Acc<T>>>(total, sum_scratch, t);
    if (take_log) {
      // (x - max) - log(total): exact for the max element.
      const T log_total = static_cast<T>(log_of(total));
      for (int64_t j = first; j < n; j += step) out[j * ys] = (in[j * xs] - max) - log_total;
    } else {
      const T scale = static_cast<T>(1 / total);
      for (int64_t j = first; j < n; j += step) out[j * ys] = exp_of(in[j * xs] - max) * scale;
    }
  });
}

// softmax:     grad_in = y (g - sum(g y))
// log_softmax: grad_in = g - e^y sum(g)
template <class T>
__global__ void softmax_backward_kernel(Lines<3> lines, const T* grad, const T* y, T* out,
                                        bool take_log) {
  __shared__ Acc<T> sum_scratch[kThreads];
  const LineThread t(lines.lanes_x);
  const int64_t n = lines.n, gs = lines.stride[0], ys = lines.stride[1], os = lines.stride[2];
  const int64_t step = t.lanes;
  for_lines(lines, t, [&](int64_t first, const int64_t* at) {
    const T* g = grad + at[0];
    const T* yl = y + at[1];
    T* o = out + at[2];
    Acc<T> total = 0;
    for (int64_t j = first; j < n; j += step)
      total += take_log ? g[j * gs] : mul_rn(g[j * gs], yl[j * ys]);
    total = group_reduce<SumOp<Acc<T>>>(total, sum_scratch, t);
    const T sum = static_cast<T>(total);
    for (int64_t j = first; j < n; j += step) {
      o[j * os] =
          take_log ? g[j * gs] - mul_rn(exp_of(yl[j * ys]), sum) : yl[j * ys] * (g[j * gs] - sum);
    }
  });
}

template <int N>
Lines<N> lines_of(const Shape& shape, int64_t dim, const std::array<const Shape*, N>& strides) {
  Lines<N> lines;
  const Shape starts = line_starts(shape, dim);
  lines.calc = make_offset_calculator<N>(starts, strides);
  lines.count = numel(starts);
  lines.n = shape[dim];
  for (int k = 0; k < N; ++k) lines.stride[k] = (*strides[k])[dim];
  return lines;
}

template <class T>
void forward_as(CudaDevice& device, const KernelArgs& args, const char* name, bool take_log) {
  const TensorArg &in = args.in[0], &out = args.out[0];
  check_dtype(name, dtype_of<T>(), out.dtype, "output");
  auto lines = lines_of<2>(in.shape, args.dim, {&in.strides, &out.strides});
  if (lines.count == 0) return;
  const LinePlan plan = plan_lines(device, lines.count, lines.n, lines.stride[0] == 1);
  lines.lanes_x = plan.lanes_x;
  softmax_kernel<T><<<plan.blocks, plan.block(), 0, device.stream()>>>(lines, in.data<T>(),
                                                                       out.data<T>(), take_log);
  AXON_CUDA_CHECK_LAUNCH();
}

template <class T>
void backward_as(CudaDevice& device, const KernelArgs& args, const char* name, bool take_log) {
  const TensorArg &grad = args.in[0], &y = args.in[1], &out = args.out[0];
  check_dtype(name, dtype_of<T>(), y.dtype, "output of the forward");
  check_dtype(name, dtype_of<T>(), out.dtype, "output");
  auto lines = lines_of<3>(grad.shape, args.dim, {&grad.strides, &y.strides, &out.strides});
  if (lines.count == 0 || lines.n == 0) return;
  const LinePlan plan = plan_lines(device, lines.count, lines.n, lines.stride[0] == 1);
  lines.lanes_x = plan.lanes_x;
  softmax_backward_kernel<T><<<plan.blocks, plan.block(), 0, device.stream()>>>(
      lines, grad.data<T>(), y.data<T>(), out.data<T>(), take_log);
  AXON_CUDA_CHECK_LAUNCH();
}

// The core hands 0-d tensors over as 1-element 1-d ones; a rank-0 call
// would have no `dim` to index.
void check_dim(const char* name, const TensorArg& t, int64_t dim) {
  if (dim < 0 || dim >= t.dim())
    fail(std::string(name) + ": dim " + std::to_string(dim) + " out of range for shape " +
         shape_str(t.shape));
}

void forward(const KernelArgs& args, const char* name, bool take_log) {
  CudaDevice& device = CudaDevice::of(args);
  check_dim(name, args.in[0], args.dim);
  if (args.in[0].shape[args.dim] == 0) return;
  dispatch_floating(name, args.in[0].dtype,
                    [&](auto zero) { forward_as<decltype(zero)>(device, args, name, take_log); });
}

void backward(const KernelArgs& args, const char* name, bool take_log) {
  CudaDevice& device = CudaDevice::of(args);
  check_dim(name, args.in[0], args.dim);
  dispatch_floating(name, args.in[0].dtype,
                    [&](auto zero) { backward_as<decltype(zero)>(device, args, name, take_log); });
}

AXON_CUDA_KERNEL("softmax", [](const KernelArgs& a) { forward(a, "softmax", false); });
AXON_CUDA_KERNEL("log_softmax", [](const KernelArgs& a) { forward(a, "log_softmax", true); });
AXON_CUDA_KERNEL("softmax_backward",
                 [](const KernelArgs& a) { backward(a, "softmax_backward", false); });
AXON_CUDA_KERNEL("log_softmax_backward",
                 [](const KernelArgs& a) { backward(a, "log_softmax_backward", true); });

}  // namespace
}  // namespace axon::cuda
