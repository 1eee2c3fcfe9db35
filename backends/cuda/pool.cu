// max_pool2d and avg_pool2d with their backward primitives (kernels.h, family
// "pool"), with the cpu kernels' (PyTorch's) window rules. One thread per
// output element (forward) or per input element (avg backward).
//   x (N, C, H, W) -> y (N, C, Ho, Wo); dims = {kh, kw, sh, sw, ph, pw, dh, dw}
#include "launch.cuh"
#include "registry.h"

#include <limits>

namespace axon::cuda {
namespace {

struct PoolGeometry {
  int64_t planes, h, w, oh, ow;
  int64_t kh, kw, sh, sw, ph, pw, dh, dw;
};

PoolGeometry geometry(const char* op, const KernelArgs& args, const TensorArg& x,
                      const TensorArg& y) {
  if (args.dims.size() != 8 || x.dim() != 4 || y.dim() != 4)
    fail(std::string(op) + ": expected 8 attributes and 4-D tensors");
  if (!x.is_contiguous() || !y.is_contiguous())
    fail(std::string(op) + ": expected contiguous tensors");
  const auto& d = args.dims;
  PoolGeometry g{};
  g.planes = x.shape[0] * x.shape[1], g.h = x.shape[2], g.w = x.shape[3];
  g.oh = y.shape[2], g.ow = y.shape[3];
  g.kh = d[0], g.kw = d[1], g.sh = d[2], g.sw = d[3], g.ph = d[4], g.pw = d[5];
  g.dh = d[6], g.dw = d[7];
  return g;
}

// The position of the window's maximum in its plane: the first one, or the
// last NaN; the window's first position inside the input when every value is
// -inf (exactly the cpu's argmax_in_window).
template <class T>
void max_pool_as(const CudaDevice& device, const PoolGeometry g, const T* x, T* y,
                 int64_t* indices) {
  const T lowest = -std::numeric_limits<T>::infinity();
  for_each(device, g.planes * g.oh * g.ow, [=] __device__(int64_t at) {
    const int64_t q = at % g.ow, p = at / g.ow % g.oh, plane = at / (g.ow * g.oh);
    const T* in = x + plane * g.h * g.w;
    const int64_t h0 = p * g.sh - g.ph, w0 = q * g.sw - g.pw;
    // The window's first tap inside the input when every value is -inf, as the cpu.
    const int64_t h_in = h0 >= 0 ? h0 : h0 + (-h0 + g.dh - 1) / g.dh * g.dh;
    const int64_t w_in = w0 >= 0 ? w0 : w0 + (-w0 + g.dw - 1) / g.dw * g.dw;
    int64_t best = h_in * g.w + w_in;
    T best_value = lowest;
    for (int64_t i = 0; i < g.kh; ++i) {
      const int64_t ih = h0 + i * g.dh;
      if (ih < 0 || ih >= g.h) continue;
      for (int64_t j = 0; j < g.kw; ++j) {
        const int64_t iw = w0 + j * g.dw;
        if (iw < 0 || iw >= g.w) continue;
        const T value = in[ih * g.w + iw];
        if (value > best_value || isnan(value)) best_value = value, best = ih * g.w + iw;
      }
    }
    indices[at] = best;
    y[at] = in[best];
  });
}

// Scatters each gradient to its argmax with atomicAdd after zeroing grad_x
// (outputs are overwritten). Any index in the plane is honoured, as the
// contract routes the gradient to whatever in[1] says; an index outside the
// plane is skipped (the cpu kernel would write out of bounds). Where
// overlapping windows share an argmax the float additions land in no fixed
// order, so such positions may differ from the cpu's in the last bit.
template <class T>
void max_pool_backward_as(const CudaDevice& device, const PoolGeometry g, const T* dy,
                          const int64_t* indices, T* dx) {
  AXON_CUDA_CHECK(cudaMemsetAsync(dx, 0, static_cast<size_t>(g.planes * g.h * g.w) * sizeof(T),
                                  device.stream()));
  const int64_t in_plane = g.h * g.w, out_plane = g.oh * g.ow;
  for_each(device, g.planes * out_plane, [=] __device__(int64_t at) {
    const int64_t index = indices[at];
    if (index < 0 || index >= in_plane) return;
    atomicAdd(dx + at / out_plane * in_plane + index, dy[at]);
  });
}

// An average window: rows [h0, h1) x columns [w0, w1) clipped to the input,
// and its divisor (the size clipped to the padded input when counting the
// padding), as the cpu's avg_window.
struct Window {
  int64_t h0, h1, w0, w1, divisor;
};

__host__ __device__ Window avg_window(const PoolGeometry& g, int64_t p, int64_t q,
                                      bool count_include_pad) {
  int64_t h0 = p * g.sh - g.ph, w0 = q * g.sw - g.pw;
  int64_t h1 = h0 + g.kh < g.h + g.ph ? h0 + g.kh : g.h + g.ph;
  int64_t w1 = w0 + g.kw < g.w + g.pw ? w0 + g.kw : g.w + g.pw;
  const int64_t padded = (h1 - h0) * (w1 - w0);
  h0 = h0 > 0 ? h0 : 0, w0 = w0 > 0 ? w0 : 0;
  h1 = h1 < g.h ? h1 : g.h, w1 = w1 < g.w ? w1 : g.w;
  return {h0, h1, w0, w1, count_include_pad ? padded : (h1 - h0) * (w1 - w0)};
}

template <class T>
void avg_pool_as(const CudaDevice& device, const PoolGeometry g, bool count_include_pad, const T* x,
                 T* y) {
  for_each(device, g.planes * g.oh * g.ow, [=] __device__(int64_t at) {
    const int64_t q = at % g.ow, p = at / g.ow % g.oh, plane = at / (g.ow * g.oh);
    const T* in = x + plane * g.h * g.w;
    const Window win = avg_window(g, p, q, count_include_pad);
    T total = 0;
    for (int64_t i = win.h0; i < win.h1; ++i)
      for (int64_t j = win.w0; j < win.w1; ++j) total += in[i * g.w + j];
    y[at] = total / static_cast<T>(win.divisor);
  });
}

// One thread per input element gathers the shares of the windows that cover
// it: no atomics, deterministic, and the shares are added in the cpu's order
// (windows by row, then column), so the result matches the cpu bit for bit.
// Window p covers row ih when p sh - ph <= ih < p sh - ph + kh (the clip to
// the padded input never cuts below H, and ih < H), so
// p in [ceil((ih + ph - kh + 1) / sh), floor((ih + ph) / sh)]; columns alike.
template <class T>
void avg_pool_backward_as(const CudaDevice& device, const PoolGeometry g, bool count_include_pad,
                          const T* dy, T* dx) {
  for_each(device, g.planes * g.h * g.w, [=] __device__(int64_t at) {
    const int64_t iw = at % g.w, ih = at / g.w % g.h, plane = at / (g.w * g.h);
    const T* grad = dy + plane * g.oh * g.ow;
    const int64_t p0 = ih + g.ph < g.kh ? 0 : (ih + g.ph - g.kh) / g.sh + 1;
    const int64_t q0 = iw + g.pw < g.kw ? 0 : (iw + g.pw - g.kw) / g.sw + 1;
    const int64_t p1 = (ih + g.ph) / g.sh + 1 < g.oh ? (ih + g.ph) / g.sh + 1 : g.oh;
    const int64_t q1 = (iw + g.pw) / g.sw + 1 < g.ow ? (iw + g.pw) / g.sw + 1 : g.ow;
    T total = 0;
    for (int64_t p = p0; p < p1; ++p)
      for (int64_t q = q0; q < q1; ++q) {
        const Window win = avg_window(g, p, q, count_include_pad);
        if (ih < win.h0 || ih >= win.h1 || iw < win.w0 || iw >= win.w1) continue;
        total += grad[p * g.ow + q] / static_cast<T>(win.divisor);
      }
    dx[at] = total;
  });
}

void max_pool2d(const KernelArgs& args) {
  const PoolGeometry g = geometry("max_pool2d", args, args.in[0], args.out[0]);
  const CudaDevice& device = CudaDevice::of(args);
  dispatch_floating("max_pool2d", args.in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    max_pool_as<T>(device, g, args.in[0].data<T>(), args.out[0].data<T>(),
                   args.out[1].data<int64_t>());
  });
}

void max_pool2d_backward(const KernelArgs& args) {
  const PoolGeometry g = geometry("max_pool2d_backward", args, args.out[0], args.in[0]);
  const CudaDevice& device = CudaDevice::of(args);
  dispatch_floating("max_pool2d_backward", args.in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    max_pool_backward_as<T>(device, g, args.in[0].data<T>(), args.in[1].data<int64_t>(),
                            args.out[0].data<T>());
  });
}

void avg_pool2d(const KernelArgs& args) {
  const PoolGeometry g = geometry("avg_pool2d", args, args.in[0], args.out[0]);
  const CudaDevice& device = CudaDevice::of(args);
  dispatch_floating("avg_pool2d", args.in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    avg_pool_as<T>(device, g, args.flag, args.in[0].data<T>(), args.out[0].data<T>());
  });
}

void avg_pool2d_backward(const KernelArgs& args) {
  const PoolGeometry g = geometry("avg_pool2d_backward", args, args.out[0], args.in[0]);
  const CudaDevice& device = CudaDevice::of(args);
  dispatch_floating("avg_pool2d_backward", args.in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    avg_pool_backward_as<T>(device, g, args.flag, args.in[0].data<T>(), args.out[0].data<T>());
  });
}

AXON_CUDA_KERNEL("max_pool2d", max_pool2d);
AXON_CUDA_KERNEL("max_pool2d_backward", max_pool2d_backward);
AXON_CUDA_KERNEL("avg_pool2d", avg_pool2d);
AXON_CUDA_KERNEL("avg_pool2d_backward", avg_pool2d_backward);

}  // namespace
}  // namespace axon::cuda
