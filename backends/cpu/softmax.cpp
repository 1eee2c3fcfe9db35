// softmax and log_softmax along `dim`, and their backward passes
// (in = {grad_out, y}, out = grad_in). f32/f64. Each line subtracts its max
// before exponentiating, so large inputs do not overflow; f32 lines sum in double.
#include "dtype_dispatch.h"
#include "lines.h"

#include <axon/plugin.h>

#include <cmath>
#include <type_traits>

namespace axon::cpu {
namespace {

// A line of n elements: element j of operand k is at base_k + j * stride_k.
struct Line {
  int64_t n;
  int64_t in_stride, out_stride;
};

template <class T>
using Acc = std::conditional_t<std::is_same_v<T, float>, double, T>;

// y = softmax(x) or log_softmax(x) on one line.
template <class T>
void softmax_line(const T* x, T* y, const Line& line, bool take_log) {
  T max = x[0];
  for (int64_t j = 1; j < line.n; ++j) {
    const T v = x[j * line.in_stride];
    if (v > max || std::isnan(v)) max = v;
  }
  Acc<T> total = 0;
  for (int64_t j = 0; j < line.n; ++j) {
    const T e = std::exp(x[j * line.in_stride] - max);
    if (!take_log) y[j * line.out_stride] = e;
    total += e;
  }
  if (take_log) {
    // (x - max) - log(total): exact for the max element, unlike x - (max + log(total)).
    const T log_total = static_cast<T>(std::log(total));
    for (int64_t j = 0; j < line.n; ++j) {
      y[j * line.out_stride] = (x[j * line.in_stride] - max) - log_total;
    }
  } else {
    const T scale = static_cast<T>(1 / total);
    for (int64_t j = 0; j < line.n; ++j) y[j * line.out_stride] *= scale;
  }
}

void softmax_forward(const char* name, const KernelArgs& args, bool take_log) {
  const TensorArg& in = args.in[0];
  const TensorArg& out = args.out[0];
  const int64_t dim = args.dim;
  if (in.shape[dim] == 0) return;
  dispatch(Floating{}, in.dtype, name, [&](auto tag) {
    using T = decltype(tag);
    check_same_dtype(name, dtype_of<T>(), out.dtype, "output");
    const Line line{in.shape[dim], in.strides[dim], out.strides[dim]};
    const T* x = in.data<T>();
    T* y = out.data<T>();
    for_each_line<2>(in.shape, dim, {&in.strides, &out.strides}, [&](const int64_t* offsets) {
      softmax_line(x + offsets[0], y + offsets[1], line, take_log);
    });
  });
}

// softmax:     grad_in = y (g - sum(g y))
// log_softmax: grad_in = g - e^y sum(g)
void softmax_backward(const char* name, const KernelArgs& args, bool take_log) {
  const TensorArg& grad = args.in[0];
  const TensorArg& y = args.in[1];
  const TensorArg& out = args.out[0];
  const int64_t dim = args.dim;
  const int64_t n = grad.shape[dim];
  const int64_t gs = grad.strides[dim], ys = y.strides[dim], os = out.strides[dim];
  dispatch(Floating{}, grad.dtype, name, [&](auto tag) {
    using T = decltype(tag);
    check_same_dtype(name, dtype_of<T>(), y.dtype, "output of the forward");
    check_same_dtype(name, dtype_of<T>(), out.dtype, "output");
    const T* gp = grad.data<T>();
    const T* yp = y.data<T>();
    T* op = out.data<T>();
    for_each_line<3>(
        grad.shape, dim, {&grad.strides, &y.strides, &out.strides}, [&](const int64_t* offsets) {
          const T* g = gp + offsets[0];
          const T* yl = yp + offsets[1];
          T* o = op + offsets[2];
          Acc<T> total = 0;
          for (int64_t j = 0; j < n; ++j) total += take_log ? g[j * gs] : g[j * gs] * yl[j * ys];
          const T t = static_cast<T>(total);
          for (int64_t j = 0; j < n; ++j) {
            o[j * os] =
                take_log ? g[j * gs] - std::exp(yl[j * ys]) * t : yl[j * ys] * (g[j * gs] - t);
          }
        });
  });
}

void register_softmax(Registrar& r) {
  r.add_kernel("softmax", "cpu",
               [](const KernelArgs& args) { softmax_forward("softmax", args, false); });
  r.add_kernel("log_softmax", "cpu",
               [](const KernelArgs& args) { softmax_forward("log_softmax", args, true); });
  r.add_kernel("softmax_backward", "cpu",
               [](const KernelArgs& args) { softmax_backward("softmax_backward", args, false); });
  r.add_kernel("log_softmax_backward", "cpu", [](const KernelArgs& args) {
    softmax_backward("log_softmax_backward", args, true);
  });
}

}  // namespace

AXON_REGISTER(register_softmax);

}  // namespace axon::cpu
