// conv2d and its two backward primitives (kernels.h, family "conv") through
// cuDNN, or through im2col + cuBLAS gemm (the cpu backend's method, with the
// kernels of im2col.cu), behind the same primitive:
//   - AXON_CUDA_CONV=cudnn (the default) takes cuDNN and falls back to
//     im2col where cuDNN declines a shape or dtype (status NOT_SUPPORTED, e.g.
//     an f64 configuration without an algorithm, or sizes beyond its int
//     descriptors); the fallback is remembered per shape;
//   - AXON_CUDA_CONV=im2col always takes the own path, so the benchmark and
//     the conformance tests can compare the two (read at every call).
//   x (N, C, H, W), w (O, C / g, kh, kw), y (N, O, Ho, Wo); per sample s and group g:
//   col(s, g) (C/g * kh * kw, Ho * Wo),  y_g = w_g col,  col = w_g^T dy_g,  dw_g = sum_s dy_g col^T
#include "blas.h"
#include "device.h"
#include "im2col.h"
#include "registry.h"

#include <axon/error.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string_view>

namespace axon::cuda {
namespace {

// In the order of kernels.h: forward in = {x, w} -> y; backward_data
// in = {dy, w} -> dx; backward_filter in = {dy, x} -> dw.
enum class Pass { forward, backward_data, backward_filter };

ConvGeometry geometry(const KernelArgs& args, const TensorArg& x, const TensorArg& weight,
                      const TensorArg& y) {
  AXON_ASSERT(args.dims.size() == 7 && x.dim() == 4 && weight.dim() == 4 && y.dim() == 4,
              "conv2d: expected 7 attributes and 4-D tensors, got {} and {}, {}, {}",
              args.dims.size(), x.shape, weight.shape, y.shape);
  AXON_ASSERT(x.is_contiguous() && weight.is_contiguous() && y.is_contiguous(),
              "conv2d: expected contiguous tensors");
  const auto& d = args.dims;
  ConvGeometry g{};
  g.n = x.shape[0], g.c = x.shape[1], g.h = x.shape[2], g.w = x.shape[3];
  g.o = weight.shape[0], g.kh = weight.shape[2], g.kw = weight.shape[3];
  g.oh = y.shape[2], g.ow = y.shape[3];
  g.sh = d[0], g.sw = d[1], g.ph = d[2], g.pw = d[3], g.dh = d[4], g.dw = d[5], g.groups = d[6];
  return g;
}

bool prefer_cudnn() {
  const char* value = std::getenv("AXON_CUDA_CONV");
  if (value == nullptr || *value == 0 || std::string_view(value) == "cudnn") return true;
  if (std::string_view(value) == "im2col") return false;
  throw_error(fmt::format("AXON_CUDA_CONV={}: expected cudnn or im2col", value));
}

// ---- im2col + cuBLAS ----

// Column buffers of at most this size: samples are processed in chunks.
constexpr size_t kColumnBytes = size_t(256) << 20;

// One row-major operand of the (sample, group) gemms: matrix (s, g) starts at
// base + s * sample + g * group elements.
template <class T>
struct Operand {
  T* base;
  int64_t ld, sample, group;
};

// c(s, g) = op(a(s, g)) op(b(s, g)) for s < samples, g < groups: strided-batched
// gemms batched over the longer of the two loops.
template <class T>
void gemm_grid(cublasHandle_t handle, bool ta, bool tb, int64_t m, int64_t n, int64_t k,
               Operand<const T> a, Operand<const T> b, Operand<T> c, int64_t samples,
               int64_t groups) {
  const bool by_group = groups <= samples;  // one call per group, batched over samples
  for (int64_t i = 0; i < (by_group ? groups : samples); ++i) {
    const int64_t at_a = i * (by_group ? a.group : a.sample);
    const int64_t at_b = i * (by_group ? b.group : b.sample);
    const int64_t at_c = i * (by_group ? c.group : c.sample);
    gemm_row_major<T>(handle, ta, tb, m, n, k, T(1), a.base + at_a, a.ld,
                      by_group ? a.sample : a.group, b.base + at_b, b.ld,
                      by_group ? b.sample : b.group, T(0), c.base + at_c, c.ld,
                      by_group ? c.sample : c.group, by_group ? samples : groups);
  }
}

template <class T>
void conv_im2col(Pass pass, CudaDevice& device, const ConvGeometry& g, const T* in0, const T* in1,
                 T* out) {
  const int64_t rows = g.rows(), cols = g.cols(), og = g.og();
  const int64_t per_sample = g.groups * rows * cols;  // col elements
  const int64_t chunk = std::clamp<int64_t>(
      static_cast<int64_t>(kColumnBytes / (static_cast<size_t>(per_sample) * sizeof(T))), 1, g.n);
  Scratch scratch(device, static_cast<size_t>(chunk * per_sample) * sizeof(T));
  T* col = scratch.get<T>();
  const cublasHandle_t handle = device.cublas();
  const int64_t x_sample = g.c * g.h * g.w, y_sample = g.o * cols;
  for (int64_t s0 = 0; s0 < g.n; s0 += chunk) {
    const int64_t s = std::min(chunk, g.n - s0);
    if (pass == Pass::forward) {  // y(s, g) (og, P) = w_g (og, R) col(s, g) (R, P)
      im2col(device, g, in0 + s0 * x_sample, s, col);
      gemm_grid<T>(handle, false, false, og, cols, rows, {in1, rows, 0, og * rows},
                   {col, cols, per_sample, rows * cols},
                   {out + s0 * y_sample, cols, y_sample, og * cols}, s, g.groups);
    } else if (pass == Pass::backward_data) {  // col(s, g) (R, P) = w_g^T dy(s, g) (og, P)
      gemm_grid<T>(handle, true, false, rows, cols, og, {in1, rows, 0, og * rows},
                   {in0 + s0 * y_sample, cols, y_sample, og * cols},
                   {col, cols, per_sample, rows * cols}, s, g.groups);
      col2im(device, g, col, s, out + s0 * x_sample);
    } else {  // dw_g (og, R) = sum over s of dy(s, g) (og, P) col(s, g)^T, all groups at once
      im2col(device, g, in1 + s0 * x_sample, s, col);
      for (int64_t i = 0; i < s; ++i)
        gemm_row_major<T>(handle, false, true, og, rows, cols, T(1), in0 + (s0 + i) * y_sample,
                          cols, og * cols, col + i * per_sample, cols, rows * cols,
                          T(s0 + i == 0 ? 0 : 1), out, rows, og * rows, g.groups);
    }
  }
}

// ---- cuDNN ----

// What cuDNN calls each pass's functions.
template <Pass P>
struct Api;

struct Descriptors {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;

  Descriptors() {
    try {
      AXON_CUDA_CHECK(cudnnCreateTensorDescriptor(&x));
      AXON_CUDA_CHECK(cudnnCreateTensorDescriptor(&y));
      AXON_CUDA_CHECK(cudnnCreateFilterDescriptor(&w));
      AXON_CUDA_CHECK(cudnnCreateConvolutionDescriptor(&conv));
    } catch (...) {
      destroy();
      throw;
    }
  }
  ~Descriptors() { destroy(); }
  Descriptors(const Descriptors&) = delete;
  Descriptors& operator=(const Descriptors&) = delete;

  // NCHW, packed. The first failing status (NOT_SUPPORTED: beyond cuDNN's limits).
  cudnnStatus_t describe(const ConvGeometry& g, cudnnDataType_t type, cudnnMathType_t math) {
    const auto i = [](int64_t v) { return static_cast<int>(v); };
    for (cudnnStatus_t status :
         {cudnnSetTensor4dDescriptor(x, CUDNN_TENSOR_NCHW, type, i(g.n), i(g.c), i(g.h), i(g.w)),
          cudnnSetTensor4dDescriptor(y, CUDNN_TENSOR_NCHW, type, i(g.n), i(g.o), i(g.oh), i(g.ow)),
          cudnnSetFilter4dDescriptor(w, type, CUDNN_TENSOR_NCHW, i(g.o), i(g.cg()), i(g.kh),
                                     i(g.kw)),
          cudnnSetConvolution2dDescriptor(conv, i(g.ph), i(g.pw), i(g.sh), i(g.sw), i(g.dh),
                                          i(g.dw), CUDNN_CROSS_CORRELATION, type),
          cudnnSetConvolutionGroupCount(conv, i(g.groups)),
          cudnnSetConvolutionMathType(conv, math)})
      if (status != CUDNN_STATUS_SUCCESS) return status;
    return CUDNN_STATUS_SUCCESS;
  }

 private:
  void destroy() {
    if (conv) cudnnDestroyConvolutionDescriptor(conv);
    if (w) cudnnDestroyFilterDescriptor(w);
    if (y) cudnnDestroyTensorDescriptor(y);
    if (x) cudnnDestroyTensorDescriptor(x);
  }
};

using Handle = cudnnHandle_t;
using D = const Descriptors&;

template <>
struct Api<Pass::forward> {
  using Perf = cudnnConvolutionFwdAlgoPerf_t;
  using Algo = cudnnConvolutionFwdAlgo_t;
  static constexpr int kAlgorithms = CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
  static cudnnStatus_t heuristics(Handle h, D d, int n, int* count, Perf* perf) {
    return cudnnGetConvolutionForwardAlgorithm_v7(h, d.x, d.w, d.conv, d.y, n, count, perf);
  }
  static cudnnStatus_t workspace(Handle h, D d, Algo algo, size_t* bytes) {
    return cudnnGetConvolutionForwardWorkspaceSize(h, d.x, d.w, d.conv, d.y, algo, bytes);
  }
  static cudnnStatus_t run(Handle h, D d, Algo algo, void* ws, size_t bytes, const void* one,
                           const void* zero, const void* x, const void* w, void* y) {
    return cudnnConvolutionForward(h, one, d.x, x, d.w, w, d.conv, algo, ws, bytes, zero, d.y, y);
  }
};

template <>
struct Api<Pass::backward_data> {
  using Perf = cudnnConvolutionBwdDataAlgoPerf_t;
  using Algo = cudnnConvolutionBwdDataAlgo_t;
  static constexpr int kAlgorithms = CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
  static cudnnStatus_t heuristics(Handle h, D d, int n, int* count, Perf* perf) {
    return cudnnGetConvolutionBackwardDataAlgorithm_v7(h, d.w, d.y, d.conv, d.x, n, count, perf);
  }
  static cudnnStatus_t workspace(Handle h, D d, Algo algo, size_t* bytes) {
    return cudnnGetConvolutionBackwardDataWorkspaceSize(h, d.w, d.y, d.conv, d.x, algo, bytes);
  }
  static cudnnStatus_t run(Handle h, D d, Algo algo, void* ws, size_t bytes, const void* one,
                           const void* zero, const void* dy, const void* w, void* dx) {
    return cudnnConvolutionBackwardData(h, one, d.w, w, d.y, dy, d.conv, algo, ws, bytes, zero, d.x,
                                        dx);
  }
};

template <>
struct Api<Pass::backward_filter> {
  using Perf = cudnnConvolutionBwdFilterAlgoPerf_t;
  using Algo = cudnnConvolutionBwdFilterAlgo_t;
  static constexpr int kAlgorithms = CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
  static cudnnStatus_t heuristics(Handle h, D d, int n, int* count, Perf* perf) {
    return cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, d.x, d.y, d.conv, d.w, n, count, perf);
  }
  static cudnnStatus_t workspace(Handle h, D d, Algo algo, size_t* bytes) {
    return cudnnGetConvolutionBackwardFilterWorkspaceSize(h, d.x, d.y, d.conv, d.w, algo, bytes);
  }
  static cudnnStatus_t run(Handle h, D d, Algo algo, void* ws, size_t bytes, const void* one,
                           const void* zero, const void* dy, const void* x, void* dw) {
    return cudnnConvolutionBackwardFilter(h, one, d.x, x, d.y, dy, d.conv, algo, ws, bytes, zero,
                                          d.w, dw);
  }
};

bool not_supported(cudnnStatus_t status) {
#if CUDNN_MAJOR >= 9
  // cuDNN 9 refines NOT_SUPPORTED (3000) into the codes 3001, 3002, ...
  return status / 1000 == CUDNN_STATUS_NOT_SUPPORTED / 1000;
#else
  return status == CUDNN_STATUS_NOT_SUPPORTED;
#endif
}

// The algorithm for one shape, or none (cudnn false: take im2col).
struct Choice {
  bool cudnn = false;
  int algo = 0;
  cudnnMathType_t math = CUDNN_DEFAULT_MATH;
  size_t workspace = 0;
};
using Key = std::array<int64_t, 19>;  // pass, dtype, device, the geometry's 16 numbers

std::mutex cache_mutex;
std::map<Key, Choice> cache;

// The first algorithm cuDNN's heuristics rank (no timing runs, unlike
// cudnnFind*) that is supported, fits the workspace limit and, for f32, uses
// no tensor-op math. f32 runs with CUDNN_FMA_MATH whatever the algorithm
// reports; f64 with the math type the algorithm reports, as PyTorch does.
template <Pass P>
Choice choose(Handle h, D d, bool f32) {
  using A = Api<P>;
  std::array<typename A::Perf, A::kAlgorithms> perf{};
  int count = 0;
  const cudnnStatus_t status = A::heuristics(h, d, A::kAlgorithms, &count, perf.data());
  if (not_supported(status)) return {};
  AXON_CUDA_CHECK(status);
  size_t free_bytes = 0, total_bytes = 0;
  AXON_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  const size_t limit = std::min(free_bytes / 2, size_t(1) << 30);
  for (int i = 0; i < std::min(count, A::kAlgorithms); ++i) {
    const auto& p = perf[static_cast<size_t>(i)];
    if (p.status != CUDNN_STATUS_SUCCESS) continue;
    if (f32 &&
        (p.mathType == CUDNN_TENSOR_OP_MATH || p.mathType == CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION))
      continue;
    const cudnnMathType_t math = f32 ? CUDNN_FMA_MATH : p.mathType;
    size_t bytes = 0;  // asked again with the math type of the run
    AXON_CUDA_CHECK(cudnnSetConvolutionMathType(d.conv, math));
    if (A::workspace(h, d, p.algo, &bytes) != CUDNN_STATUS_SUCCESS) continue;
    bytes = std::max(bytes, p.memory);
    if (bytes <= limit) return {true, static_cast<int>(p.algo), math, bytes};
  }
  return {};
}

// False where cuDNN declines (the caller then takes im2col).
template <Pass P, class T>
bool conv_cudnn(CudaDevice& device, const ConvGeometry& g, const T* in0, const T* in1, T* out) {
  const std::array<int64_t, 16> numbers{g.n,  g.c,  g.h,  g.w,  g.o,  g.kh, g.kw, g.oh,
                                        g.ow, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.groups};
  if (*std::max_element(numbers.begin(), numbers.end()) > INT_MAX) return false;  // int descriptors
  constexpr bool f32 = std::is_same_v<T, float>;
  // f32 with CUDNN_FMA_MATH: CUDNN_DEFAULT_MATH lets cuDNN use TF32 tensor
  // cores on Ampere and later (10-bit mantissa products, errors near 1e-3),
  // FMA keeps true fp32, within rounding of the cpu (PyTorch does the same when
  // TF32 is off). f64 has no reduced-precision mode: its tensor cores are IEEE.
  const cudnnMathType_t math = f32 ? CUDNN_FMA_MATH : CUDNN_DEFAULT_MATH;
  Descriptors d;
  const cudnnStatus_t described = d.describe(g, f32 ? CUDNN_DATA_FLOAT : CUDNN_DATA_DOUBLE, math);
  if (not_supported(described)) return false;
  AXON_CUDA_CHECK(described);

  Key key{static_cast<int64_t>(P), f32, device.index()};
  std::copy(numbers.begin(), numbers.end(), key.begin() + 3);
  const Handle h = device.cudnn();
  Choice choice;
  bool known = false;
  {
    std::lock_guard lock(cache_mutex);
    if (auto it = cache.find(key); it != cache.end()) choice = it->second, known = true;
  }
  if (!known) {
    choice = choose<P>(h, d, f32);
    std::lock_guard lock(cache_mutex);
    cache.emplace(key, choice);
  }
  if (!choice.cudnn) return false;

  // beta = 0: the output is overwritten and never read (it may hold NaN).
  AXON_CUDA_CHECK(cudnnSetConvolutionMathType(d.conv, choice.math));
  const T one = 1, zero = 0;
  Scratch workspace(device, choice.workspace);
  const cudnnStatus_t status =
      Api<P>::run(h, d, static_cast<typename Api<P>::Algo>(choice.algo), workspace.get(),
                  choice.workspace, &one, &zero, in0, in1, out);
  if (not_supported(status)) {  // remembered: later calls go straight to im2col
    std::lock_guard lock(cache_mutex);
    cache[key] = Choice{};
    return false;
  }
  AXON_CUDA_CHECK(status);
  return true;
}

template <Pass P>
void conv(const KernelArgs& args, const ConvGeometry& g) {
  const TensorArg &in0 = args.in[0], &in1 = args.in[1], &out = args.out[0];
  AXON_CHECK(in0.dtype == in1.dtype && in0.dtype == out.dtype,
             "conv2d: tensors of one dtype expected, got {}, {} -> {}", dtype_name(in0.dtype),
             dtype_name(in1.dtype), dtype_name(out.dtype));
  AXON_CHECK(in0.dtype == DType::f32 || in0.dtype == DType::f64,
             "conv2d: dtype {} is not supported by the cuda kernel (f32, f64)",
             dtype_name(in0.dtype));
  CudaDevice& device = CudaDevice::of(args);
  if (out.numel() == 0) return;
  const auto run = [&](auto zero) {
    using T = decltype(zero);
    const T *a = in0.data<T>(), *b = in1.data<T>();
    T* y = out.data<T>();
    if (in0.numel() == 0 || in1.numel() == 0) {  // an empty sum: zeros (all-zero bytes are +0.0)
      AXON_CUDA_CHECK(
          cudaMemsetAsync(y, 0, static_cast<size_t>(out.numel()) * sizeof(T), device.stream()));
    } else if (!prefer_cudnn() || !conv_cudnn<P, T>(device, g, a, b, y)) {
      conv_im2col<T>(P, device, g, a, b, y);
    }
  };
  if (in0.dtype == DType::f32)
    run(float{});
  else
    run(double{});
}

void conv2d(const KernelArgs& args) {
  conv<Pass::forward>(args, geometry(args, args.in[0], args.in[1], args.out[0]));
}
void conv2d_backward_input(const KernelArgs& args) {
  conv<Pass::backward_data>(args, geometry(args, args.out[0], args.in[1], args.in[0]));
}
void conv2d_backward_weight(const KernelArgs& args) {
  conv<Pass::backward_filter>(args, geometry(args, args.in[1], args.out[0], args.in[0]));
}

AXON_CUDA_KERNEL("conv2d", conv2d);
AXON_CUDA_KERNEL("conv2d_backward_input", conv2d_backward_input);
AXON_CUDA_KERNEL("conv2d_backward_weight", conv2d_backward_weight);

}  // namespace
}  // namespace axon::cuda
