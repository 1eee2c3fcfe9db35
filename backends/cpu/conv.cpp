// conv2d and its two backward primitives by im2col + gemm (kernels.h, family
// "conv"). Each sample's window matrix is built in a per-thread buffer, so
// samples run in parallel while each gemm runs single-threaded inside.
//   x (N, C, H, W), w (O, C / g, kh, kw), y (N, O, Ho, Wo); per sample and group:
//   col (C/g * kh * kw, Ho * Wo),  y_g = w_g col,  col = w_g^T dy_g,  dw_g += dy_g col^T
#include "dtype_dispatch.h"
#include "gemm.h"
#include "parallel.h"

#include <axon/plugin.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace axon::cpu {
namespace {

struct ConvGeometry {
  int64_t n, c, h, w;  // input
  int64_t o, kh, kw;   // weight
  int64_t oh, ow;      // output
  int64_t sh, sw, ph, pw, dh, dw, groups;
  int64_t cg() const { return c / groups; }
  int64_t og() const { return o / groups; }
  int64_t rows() const { return cg() * kh * kw; }  // of col
  int64_t cols() const { return oh * ow; }
};

ConvGeometry geometry(const KernelArgs& args, const TensorArg& x, const TensorArg& weight,
                      const TensorArg& y) {
  AXON_ASSERT(args.dims.size() == 7 && x.dim() == 4 && weight.dim() == 4 && y.dim() == 4,
              "conv2d: expected 7 attributes and 4-D tensors, got {} and {}, {}, {}",
              args.dims.size(), x.shape, weight.shape, y.shape);
  const auto& d = args.dims;
  return {x.shape[0],
          x.shape[1],
          x.shape[2],
          x.shape[3],
          weight.shape[0],
          weight.shape[2],
          weight.shape[3],
          y.shape[2],
          y.shape[3],
          d[0],
          d[1],
          d[2],
          d[3],
          d[4],
          d[5],
          d[6]};
}

// The output columns q whose input column iw = q sw + offset lies inside
// [0, w), for kernel column j: [first, last), so that the loops over them
// need no bounds test (and copy a contiguous run when sw = 1).
struct ColumnRange {
  int64_t offset, first, last;
};

int64_t ceil_div(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -(-a / b); }

ColumnRange valid_columns(const ConvGeometry& g, int64_t j) {
  const int64_t offset = j * g.dw - g.pw;
  const int64_t first = std::clamp<int64_t>(ceil_div(-offset, g.sw), 0, g.ow);
  const int64_t last = std::clamp<int64_t>(ceil_div(g.w - offset, g.sw), first, g.ow);
  return {offset, first, last};
}

// col[(c, i, j)][(p, q)] = x[c][p sh - ph + i dh][q sw - pw + j dw], 0 in the padding.
template <class T>
void im2col(const ConvGeometry& g, const T* x, T* col) {
  for (int64_t c = 0; c < g.cg(); ++c)
    for (int64_t i = 0; i < g.kh; ++i)
      for (int64_t j = 0; j < g.kw; ++j) {
        T* row = col + ((c * g.kh + i) * g.kw + j) * g.cols();
        const ColumnRange r = valid_columns(g, j);
        for (int64_t p = 0; p < g.oh; ++p) {
          const int64_t ih = p * g.sh - g.ph + i * g.dh;
          T* out = row + p * g.ow;
          if (ih < 0 || ih >= g.h || r.first == r.last) {
            std::fill(out, out + g.ow, T(0));
            continue;
          }
          std::fill(out, out + r.first, T(0));
          const T* in = x + (c * g.h + ih) * g.w + r.first * g.sw + r.offset;
          if (g.sw == 1) {
            std::copy(in, in + (r.last - r.first), out + r.first);
          } else {
            for (int64_t q = r.first; q < r.last; ++q) out[q] = in[(q - r.first) * g.sw];
          }
          std::fill(out + r.last, out + g.ow, T(0));
        }
      }
}

// The adjoint of im2col: x[c][ih][iw] += every col entry that read it.
template <class T>
void col2im(const ConvGeometry& g, const T* col, T* x) {
  for (int64_t c = 0; c < g.cg(); ++c)
    for (int64_t i = 0; i < g.kh; ++i)
      for (int64_t j = 0; j < g.kw; ++j) {
        const T* row = col + ((c * g.kh + i) * g.kw + j) * g.cols();
        const ColumnRange r = valid_columns(g, j);
        for (int64_t p = 0; p < g.oh; ++p) {
          const int64_t ih = p * g.sh - g.ph + i * g.dh;
          if (ih < 0 || ih >= g.h) continue;
          T* out = x + (c * g.h + ih) * g.w;
          const T* in = row + p * g.ow;
          for (int64_t q = r.first; q < r.last; ++q) out[q * g.sw + r.offset] += in[q];
        }
      }
}

// The calling thread's col buffer of at least rows x cols, uninitialized (every
// user writes it whole first). Kept between calls, as it is as large as a
// sample's activations times the kernel size: a fresh one per call cost a
// memset and page faults that showed in the profile of a training step.
template <class T>
T* col_buffer(const ConvGeometry& g) {
  thread_local std::vector<T> buffer;
  const auto size = static_cast<size_t>(g.rows() * g.cols());
  if (buffer.size() < size) buffer.resize(size);
  return buffer.data();
}

// Calls fn(sample, group, col_buffer) for every (sample, group), samples in parallel.
template <class T, class Fn>
void for_each_sample(const ConvGeometry& g, const Fn& fn) {
  const int64_t work = g.n * g.o * g.cols() * g.rows();
  parallel_for(g.n, work, [&](int64_t begin, int64_t end) {
    T* col = col_buffer<T>(g);
    for (int64_t s = begin; s < end; ++s)
      for (int64_t group = 0; group < g.groups; ++group) fn(s, group, col);
  });
}

// The first of `group`'s channels of sample s, in x or dx.
template <class Ptr>
Ptr x_plane(const ConvGeometry& g, Ptr x, int64_t s, int64_t group) {
  return x + (s * g.c + group * g.cg()) * g.h * g.w;
}

template <class T>
void forward(const ConvGeometry& g, const T* x, const T* weight, T* y) {
  for_each_sample<T>(g, [&](int64_t s, int64_t group, T* col) {
    im2col(g, x_plane(g, x, s, group), col);
    gemm<T>(CblasNoTrans, CblasNoTrans, g.og(), g.cols(), g.rows(), T(1),
            weight + group * g.og() * g.rows(), g.rows(), col, g.cols(), T(0),
            y + (s * g.o + group * g.og()) * g.cols(), g.cols());
  });
}

template <class T>
void backward_input(const ConvGeometry& g, const T* dy, const T* weight, T* dx) {
  std::fill(dx, dx + g.n * g.c * g.h * g.w, T(0));
  for_each_sample<T>(g, [&](int64_t s, int64_t group, T* col) {
    gemm<T>(CblasTrans, CblasNoTrans, g.rows(), g.cols(), g.og(), T(1),
            weight + group * g.og() * g.rows(), g.rows(),
            dy + (s * g.o + group * g.og()) * g.cols(), g.cols(), T(0), col, g.cols());
    col2im(g, col, x_plane(g, dx, s, group));
  });
}

// Each thread sums its samples' contributions privately, then adds them in.
template <class T>
void backward_weight(const ConvGeometry& g, const T* dy, const T* x, T* dw) {
  const int64_t size = g.o * g.rows();
  std::fill(dw, dw + size, T(0));
  std::mutex merge;
  const int64_t work = g.n * g.o * g.cols() * g.rows();
  parallel_for(g.n, work, [&](int64_t begin, int64_t end) {
    T* col = col_buffer<T>(g);
    std::vector<T> partial(size, T(0));
    for (int64_t s = begin; s < end; ++s)
      for (int64_t group = 0; group < g.groups; ++group) {
        im2col(g, x_plane(g, x, s, group), col);
        gemm<T>(CblasNoTrans, CblasTrans, g.og(), g.rows(), g.cols(), T(1),
                dy + (s * g.o + group * g.og()) * g.cols(), g.cols(), col, g.cols(), T(1),
                partial.data() + group * g.og() * g.rows(), g.rows());
      }
    std::lock_guard lock(merge);
    for (int64_t i = 0; i < size; ++i) dw[i] += partial[i];
  });
}

void conv2d(const KernelArgs& args) {
  const ConvGeometry g = geometry(args, args.in[0], args.in[1], args.out[0]);
  dispatch(Floating{}, args.in[0].dtype, "conv2d", [&](auto tag) {
    using T = decltype(tag);
    forward(g, args.in[0].data<T>(), args.in[1].data<T>(), args.out[0].data<T>());
  });
}

void conv2d_backward_input(const KernelArgs& args) {
  const ConvGeometry g = geometry(args, args.out[0], args.in[1], args.in[0]);
  dispatch(Floating{}, args.in[0].dtype, "conv2d_backward_input", [&](auto tag) {
    using T = decltype(tag);
    backward_input(g, args.in[0].data<T>(), args.in[1].data<T>(), args.out[0].data<T>());
  });
}

void conv2d_backward_weight(const KernelArgs& args) {
  const ConvGeometry g = geometry(args, args.in[1], args.out[0], args.in[0]);
  dispatch(Floating{}, args.in[0].dtype, "conv2d_backward_weight", [&](auto tag) {
    using T = decltype(tag);
    backward_weight(g, args.in[0].data<T>(), args.in[1].data<T>(), args.out[0].data<T>());
  });
}

void register_conv(Registrar& r) {
  r.add_kernel("conv2d", "cpu", conv2d);
  r.add_kernel("conv2d_backward_input", "cpu", conv2d_backward_input);
  r.add_kernel("conv2d_backward_weight", "cpu", conv2d_backward_weight);
}

}  // namespace

AXON_REGISTER(register_conv);

}  // namespace axon::cpu
