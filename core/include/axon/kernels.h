// The primitive kernel contract between the core and the backends.
//
// A kernel is a function of KernelArgs: input and output tensor descriptions
// (device pointers with shape, strides and dtype) plus a few attributes whose
// meaning each op documents below. Backends register one kernel per
// (op, device type) with Registrar::add_kernel; the dispatcher calls it. Every
// composite op (activations, losses, layers, optimizer updates) is built from
// these primitives by the core's ops API, so a backend that implements them
// runs every plugin.
//
// General rules every kernel may rely on:
// - inputs and outputs live on the same device as the kernel's;
// - shapes were checked and inferred by the core; inputs of elementwise ops
//   already have the output's shape (broadcast inputs carry stride 0);
// - outputs were allocated by the core; unless an op says otherwise they may
//   be strided views (in-place updates write through views) and may alias an
//   input of an elementwise op at the same positions;
// - dtypes: floating ops get f32 or f64 (both tensors of an op share the
//   dtype unless stated); integer-capable ops say so.
#pragma once

#include <axon/dtype.h>
#include <axon/shape.h>

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace axon {

class Device;

// A tensor as a kernel sees it. `base` is the device pointer to the start of
// the storage; the first element is at base + offset elements.
struct TensorArg {
  void* base = nullptr;
  size_t storage_bytes = 0;
  int64_t offset = 0;
  DType dtype = DType::f32;
  Shape shape;
  Shape strides;
  Device* device = nullptr;

  template <class T>
  T* data() const {
    return static_cast<T*>(base) + offset;
  }
  int64_t numel() const;
  int64_t dim() const { return static_cast<int64_t>(shape.size()); }
  bool is_contiguous() const;
};

struct KernelArgs {
  std::vector<TensorArg> in;
  std::vector<TensorArg> out;
  double alpha = 0;           // first scalar attribute (see each op)
  double beta = 0;            // second scalar attribute
  int64_t dim = 0;            // an axis (softmax, gather, argmax, ...), already non-negative
  std::vector<int64_t> dims;  // reduction axes (sorted, non-negative), or op parameters
  bool flag = false;          // op-specific switch (see each op)
  bool trans_a = false, trans_b = false;  // matmul
  uint64_t seed = 0, counter = 0;         // random: Philox key and first counter
};

using Kernel = std::function<void(const KernelArgs&)>;

// For matmul kernels: the leading dimension (row stride) of an operand
// (B, rows, cols) whose inner two dims are row-major (a single row may have
// any stride); throws, naming `what`, when they are not.
int64_t matmul_leading_dim(const TensorArg& m, const char* what);

struct PrimitiveInfo {
  std::string_view name;
  std::string_view family;
  std::string_view contract;
};

// Every primitive op, by name. The dispatcher accepts kernels only for these
// names (plugins may add kernels for their own fused ops under a name of their
// own with Registrar::add_kernel; those are not primitives and have no
// coverage requirement).
//
// Families and their contracts:
//   fill        out[0] = alpha (any dtype).
//   copy        out[0] = in[0] cast to out's dtype; any dtypes, any strides, same shape.
//   unary       out[0] = f(in[0]) elementwise, f32/f64. Attributes:
//               leaky_relu: alpha = negative_slope; elu: alpha;
//               gelu: flag = tanh approximation; softplus: alpha = beta, beta = threshold.
//               neg, abs, sign also take i64.
//   unary_bw    out[0] = grad * f'(.) with in = {grad_out, x} (relu, leaky_relu,
//               elu, gelu, softplus, silu: derivative from the input x) or
//               in = {grad_out, y} (sigmoid, tanh: derivative from the output y).
//               Same attributes as the forward op.
//   binary      out[0] = in[0] op in[1] elementwise (inputs broadcast to out's shape).
//               add sub mul div pow maximum minimum: f32/f64, and add sub mul
//               maximum minimum also i64. Comparisons eq ne lt le gt ge: inputs of
//               one dtype (any), out bool.
//   scalar      out[0] = in[0] op alpha, or alpha op in[0] when flag is set
//               (add_scalar sub_scalar mul_scalar div_scalar pow_scalar
//               maximum_scalar minimum_scalar; comparisons eq_scalar ... ge_scalar
//               give bool). Same dtypes as binary.
//   where       out[0] = in[0] ? in[1] : in[2]; in[0] bool; in[1], in[2], out share a dtype.
//   clamp       out[0] = min(max(in[0], alpha), beta); dims = {has_min, has_max}
//               (1 or 0): a bound that is absent is not applied.
//   reduce      sum mean max min over `dims` of in[0]; out[0] has in's rank
//               with size 1 on the reduced axes (the core drops them when
//               keepdim is false). f32/f64; sum max min also i64.
//   arg_reduce  argmax argmin over the single axis `dim`; out[0] i64 with
//               in's rank and size 1 on `dim`. Ties give the first index.
//   softmax     softmax log_softmax over axis `dim`: out[0] same shape.
//   softmax_bw  softmax_backward log_softmax_backward: in = {grad_out, y}, out = grad_in.
//   matmul      out[0] (B, M, N) = alpha * op(in[0]) op(in[1]) + beta * out[0].
//               in[0] is (B, M, K), or (B, K, M) when trans_a; in[1] (B, K, N), or
//               (B, N, K) when trans_b. Inner two dims of inputs are row-major
//               contiguous; the batch stride may be anything (0 to broadcast).
//               out[0] is contiguous. f32/f64.
//   gather      out[0][..i..] = in[0][..in[1][..i..]..] along `dim`; in[1] i64 of
//               out's shape. Throws on an index outside [0, in[0].size(dim)).
//   scatter_add out[0][..in[0][..i..]..] += in[1][..i..] along `dim`; in = {index, src}.
//   index_select out[0] = in[0] taken at the 1-D i64 indices in[1] along `dim`.
//   index_add   out[0].select(dim, in[0][i]) += alpha * in[1].select(dim, i); in = {index, src}.
//   conv        conv2d: out[0] (N, O, Ho, Wo) = cross-correlation of in[0] x (N, C, H, W)
//               with in[1] w (O, C / groups, kh, kw); no bias (the core adds it).
//               conv2d_backward_input: in = {grad_out, w}, out = grad_x (N, C, H, W).
//               conv2d_backward_weight: in = {grad_out, x}, out = grad_w (O, C / groups, kh, kw).
//               dims = {stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w, groups};
//               every tensor contiguous, f32/f64; outputs are overwritten, not accumulated.
//   pool        max_pool2d: in = {x (N, C, H, W)}, out = {y (N, C, Ho, Wo), indices i64 of
//               y's shape: the argmax's flat position h * W + w in its (H, W) plane; the
//               first maximum wins, NaN counts as the maximum}.
//               max_pool2d_backward: in = {grad_out, indices}, out = grad_x (N, C, H, W).
//               avg_pool2d: in = {x}, out = {y}; flag = count_include_pad (padding
//               counts in the divisor; windows are clipped to the padded input).
//               avg_pool2d_backward: in = {grad_out}, out = grad_x; same attributes.
//               dims = {kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dilation_h,
//               dilation_w} (dilation 1 for avg); Ho and Wo come from out's shape (the core
//               applies ceil_mode). Every tensor contiguous, f32/f64; outputs overwritten.
//   random      uniform (alpha = low, beta = high), normal (alpha = mean, beta = std),
//               bernoulli (alpha = p, out 1 with probability p else 0): out[0]
//               contiguous f32/f64; element i is philox(seed, counter + i / 4)
//               lane i % 4, transformed as in axon/philox.h.
inline constexpr PrimitiveInfo kPrimitives[] = {
    {"fill", "fill", "out = alpha"},
    {"copy", "copy", "out = cast(in)"},
    {"neg", "unary", "-x"},
    {"abs", "unary", "|x|"},
    {"sign", "unary", "sign(x)"},
    {"exp", "unary", "e^x"},
    {"log", "unary", "ln x"},
    {"log1p", "unary", "ln(1 + x)"},
    {"expm1", "unary", "e^x - 1"},
    {"sqrt", "unary", "sqrt x"},
    {"rsqrt", "unary", "1 / sqrt x"},
    {"reciprocal", "unary", "1 / x"},
    {"square", "unary", "x^2"},
    {"sin", "unary", "sin x"},
    {"cos", "unary", "cos x"},
    {"tanh", "unary", "tanh x"},
    {"sigmoid", "unary", "1 / (1 + e^-x)"},
    {"relu", "unary", "max(x, 0)"},
    {"leaky_relu", "unary", "x > 0 ? x : alpha x"},
    {"elu", "unary", "x > 0 ? x : alpha (e^x - 1)"},
    {"gelu", "unary", "x Phi(x); flag: tanh approximation"},
    {"softplus", "unary", "log(1 + e^(beta x)) / beta, linear above threshold"},
    {"silu", "unary", "x sigmoid(x)"},
    {"relu_backward", "unary_bw", "g * (x > 0)"},
    {"leaky_relu_backward", "unary_bw", "g * (x > 0 ? 1 : alpha)"},
    {"elu_backward", "unary_bw", "g * (x > 0 ? 1 : alpha e^x)"},
    {"gelu_backward", "unary_bw", "g * gelu'(x)"},
    {"softplus_backward", "unary_bw", "g * sigmoid(beta x), 1 above threshold"},
    {"silu_backward", "unary_bw", "g * silu'(x)"},
    {"sigmoid_backward", "unary_bw", "g * y (1 - y)"},
    {"tanh_backward", "unary_bw", "g * (1 - y^2)"},
    {"add", "binary", "a + b"},
    {"sub", "binary", "a - b"},
    {"mul", "binary", "a * b"},
    {"div", "binary", "a / b"},
    {"pow", "binary", "a ^ b"},
    {"maximum", "binary", "max(a, b)"},
    {"minimum", "binary", "min(a, b)"},
    {"eq", "binary", "a == b"},
    {"ne", "binary", "a != b"},
    {"lt", "binary", "a < b"},
    {"le", "binary", "a <= b"},
    {"gt", "binary", "a > b"},
    {"ge", "binary", "a >= b"},
    {"add_scalar", "scalar", "x + s"},
    {"sub_scalar", "scalar", "x - s (s - x with flag)"},
    {"mul_scalar", "scalar", "x * s"},
    {"div_scalar", "scalar", "x / s (s / x with flag)"},
    {"pow_scalar", "scalar", "x ^ s (s ^ x with flag)"},
    {"maximum_scalar", "scalar", "max(x, s)"},
    {"minimum_scalar", "scalar", "min(x, s)"},
    {"eq_scalar", "scalar", "x == s"},
    {"ne_scalar", "scalar", "x != s"},
    {"lt_scalar", "scalar", "x < s"},
    {"le_scalar", "scalar", "x <= s"},
    {"gt_scalar", "scalar", "x > s"},
    {"ge_scalar", "scalar", "x >= s"},
    {"where", "where", "c ? a : b"},
    {"clamp", "clamp", "min(max(x, lo), hi)"},
    {"sum", "reduce", "sum over dims"},
    {"mean", "reduce", "mean over dims"},
    {"max", "reduce", "max over dims"},
    {"min", "reduce", "min over dims"},
    {"argmax", "arg_reduce", "index of the max along dim"},
    {"argmin", "arg_reduce", "index of the min along dim"},
    {"softmax", "softmax", "softmax along dim"},
    {"log_softmax", "softmax", "log_softmax along dim"},
    {"softmax_backward", "softmax_bw", "grad of softmax from y"},
    {"log_softmax_backward", "softmax_bw", "grad of log_softmax from y"},
    {"matmul", "matmul", "batched gemm"},
    {"gather", "gather", "gather along dim"},
    {"scatter_add", "scatter_add", "scatter-add along dim"},
    {"index_select", "index_select", "select indices along dim"},
    {"index_add", "index_add", "add at indices along dim"},
    {"conv2d", "conv", "2-D cross-correlation, groups, dilation"},
    {"conv2d_backward_input", "conv", "grad of conv2d w.r.t. its input"},
    {"conv2d_backward_weight", "conv", "grad of conv2d w.r.t. its weight"},
    {"max_pool2d", "pool", "max over windows, with indices"},
    {"max_pool2d_backward", "pool", "grad routed to the argmax"},
    {"avg_pool2d", "pool", "mean over windows"},
    {"avg_pool2d_backward", "pool", "grad spread over the windows"},
    {"uniform", "random", "U(alpha, beta)"},
    {"normal", "random", "N(alpha, beta^2)"},
    {"bernoulli", "random", "1 with probability alpha"},
};

// All primitive names, in table order.
std::vector<std::string_view> primitive_names();
bool is_primitive(std::string_view name);

}  // namespace axon
