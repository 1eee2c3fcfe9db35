// max_pool2d and avg_pool2d with their backward primitives (kernels.h, family
// "pool"), with PyTorch's window rules. Planes (n, c) run in parallel.
//   x (N, C, H, W) -> y (N, C, Ho, Wo); dims = {kh, kw, sh, sw, ph, pw, dh, dw}
#include "dtype_dispatch.h"
#include "parallel.h"

#include <axon/plugin.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace axon::cpu {
namespace {

struct PoolGeometry {
  int64_t planes, h, w, oh, ow;
  int64_t kh, kw, sh, sw, ph, pw, dh, dw;
  int64_t in_plane() const { return h * w; }
  int64_t out_plane() const { return oh * ow; }
};

PoolGeometry geometry(const KernelArgs& args, const TensorArg& x, const TensorArg& y) {
  AXON_ASSERT(args.dims.size() == 8 && x.dim() == 4 && y.dim() == 4,
              "pool2d: expected 8 attributes and 4-D tensors, got {} and {}, {}", args.dims.size(),
              x.shape, y.shape);
  const auto& d = args.dims;
  return {x.shape[0] * x.shape[1],
          x.shape[2],
          x.shape[3],
          y.shape[2],
          y.shape[3],
          d[0],
          d[1],
          d[2],
          d[3],
          d[4],
          d[5],
          d[6],
          d[7]};
}

// Runs fn(plane) over every (n, c) plane.
template <class Fn>
void for_each_plane(const PoolGeometry& g, const Fn& fn) {
  parallel_for(g.planes, g.planes * g.out_plane() * g.kh * g.kw, [&](int64_t begin, int64_t end) {
    for (int64_t plane = begin; plane < end; ++plane) fn(plane);
  });
}

// The first tap of a dilated window that starts at `start` (maybe in the padding)
// and lies at or after 0.
inline int64_t first_tap_inside(int64_t start, int64_t dilation) {
  return start >= 0 ? start : start + (-start + dilation - 1) / dilation * dilation;
}

// The position of the window's maximum: the first one, or the last NaN
// (PyTorch's rule); the window's first tap inside the input when every value
// is -inf.
template <class T>
int64_t argmax_in_window(const PoolGeometry& g, const T* x, int64_t p, int64_t q) {
  const int64_t h0 = p * g.sh - g.ph, w0 = q * g.sw - g.pw;
  int64_t best = first_tap_inside(h0, g.dh) * g.w + first_tap_inside(w0, g.dw);
  T best_value = -std::numeric_limits<T>::infinity();
  for (int64_t i = 0; i < g.kh; ++i) {
    const int64_t ih = h0 + i * g.dh;
    if (ih < 0 || ih >= g.h) continue;
    for (int64_t j = 0; j < g.kw; ++j) {
      const int64_t iw = w0 + j * g.dw;
      if (iw < 0 || iw >= g.w) continue;
      const T value = x[ih * g.w + iw];
      if (value > best_value || std::isnan(value)) best_value = value, best = ih * g.w + iw;
    }
  }
  return best;
}

void max_pool2d(const KernelArgs& args) {
  const PoolGeometry g = geometry(args, args.in[0], args.out[0]);
  dispatch(Floating{}, args.in[0].dtype, "max_pool2d", [&](auto tag) {
    using T = decltype(tag);
    const T* x = args.in[0].data<T>();
    T* y = args.out[0].data<T>();
    int64_t* indices = args.out[1].data<int64_t>();
    for_each_plane(g, [&](int64_t plane) {
      const T* in = x + plane * g.in_plane();
      for (int64_t p = 0; p < g.oh; ++p)
        for (int64_t q = 0; q < g.ow; ++q) {
          const int64_t at = plane * g.out_plane() + p * g.ow + q;
          indices[at] = argmax_in_window(g, in, p, q);
          y[at] = in[indices[at]];
        }
    });
  });
}

void max_pool2d_backward(const KernelArgs& args) {
  const PoolGeometry g = geometry(args, args.out[0], args.in[0]);
  dispatch(Floating{}, args.in[0].dtype, "max_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    const T* dy = args.in[0].data<T>();
    const int64_t* indices = args.in[1].data<int64_t>();
    T* dx = args.out[0].data<T>();
    for_each_plane(g, [&](int64_t plane) {
      T* out = dx + plane * g.in_plane();
      std::fill(out, out + g.in_plane(), T(0));
      for (int64_t k = 0; k < g.out_plane(); ++k)
        out[indices[plane * g.out_plane() + k]] += dy[plane * g.out_plane() + k];
    });
  });
}

// An average window: rows [h0, h1) x columns [w0, w1) clipped to the input,
// and its divisor (the unclipped size within the padding when counting it).
struct Window {
  int64_t h0, h1, w0, w1, divisor;
};

Window avg_window(const PoolGeometry& g, int64_t p, int64_t q, bool count_include_pad) {
  int64_t h0 = p * g.sh - g.ph, w0 = q * g.sw - g.pw;
  int64_t h1 = std::min(h0 + g.kh, g.h + g.ph), w1 = std::min(w0 + g.kw, g.w + g.pw);
  const int64_t padded = (h1 - h0) * (w1 - w0);
  h0 = std::max<int64_t>(h0, 0), w0 = std::max<int64_t>(w0, 0);
  h1 = std::min(h1, g.h), w1 = std::min(w1, g.w);
  return {h0, h1, w0, w1, count_include_pad ? padded : (h1 - h0) * (w1 - w0)};
}

void avg_pool2d(const KernelArgs& args) {
  const PoolGeometry g = geometry(args, args.in[0], args.out[0]);
  dispatch(Floating{}, args.in[0].dtype, "avg_pool2d", [&](auto tag) {
    using T = decltype(tag);
    const T* x = args.in[0].data<T>();
    T* y = args.out[0].data<T>();
    for_each_plane(g, [&](int64_t plane) {
      const T* in = x + plane * g.in_plane();
      for (int64_t p = 0; p < g.oh; ++p)
        for (int64_t q = 0; q < g.ow; ++q) {
          const Window win = avg_window(g, p, q, args.flag);
          T total = 0;
          for (int64_t i = win.h0; i < win.h1; ++i)
            for (int64_t j = win.w0; j < win.w1; ++j) total += in[i * g.w + j];
          y[plane * g.out_plane() + p * g.ow + q] = total / static_cast<T>(win.divisor);
        }
    });
  });
}

void avg_pool2d_backward(const KernelArgs& args) {
  const PoolGeometry g = geometry(args, args.out[0], args.in[0]);
  dispatch(Floating{}, args.in[0].dtype, "avg_pool2d_backward", [&](auto tag) {
    using T = decltype(tag);
    const T* dy = args.in[0].data<T>();
    T* dx = args.out[0].data<T>();
    for_each_plane(g, [&](int64_t plane) {
      T* out = dx + plane * g.in_plane();
      std::fill(out, out + g.in_plane(), T(0));
      for (int64_t p = 0; p < g.oh; ++p)
        for (int64_t q = 0; q < g.ow; ++q) {
          const Window win = avg_window(g, p, q, args.flag);
          const T share = dy[plane * g.out_plane() + p * g.ow + q] / static_cast<T>(win.divisor);
          for (int64_t i = win.h0; i < win.h1; ++i)
            for (int64_t j = win.w0; j < win.w1; ++j) out[i * g.w + j] += share;
        }
    });
  });
}

void register_pool(Registrar& r) {
  r.add_kernel("max_pool2d", "cpu", max_pool2d);
  r.add_kernel("max_pool2d_backward", "cpu", max_pool2d_backward);
  r.add_kernel("avg_pool2d", "cpu", avg_pool2d);
  r.add_kernel("avg_pool2d_backward", "cpu", avg_pool2d_backward);
}

}  // namespace

AXON_REGISTER(register_pool);

}  // namespace axon::cpu
