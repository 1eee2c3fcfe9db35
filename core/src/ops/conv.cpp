// conv2d / conv1d on the conv primitives (kernels.h, family "conv"); the bias
// is a broadcast add, so autograd derives its gradient.
#include "tensor/internal.h"

namespace axon {
namespace {

std::vector<int64_t> conv_dims(const Conv2dParams& p) {
  return {p.stride[0],   p.stride[1],   p.padding[0], p.padding[1],
          p.dilation[0], p.dilation[1], p.groups};
}

void check_params(const char* op, const Conv2dParams& p) {
  for (int i = 0; i < 2; ++i) {
    AXON_CHECK(p.stride[i] > 0, "{}: non-positive stride is not supported, got {}", op,
               p.stride[i]);
    AXON_CHECK(p.padding[i] >= 0, "{}: negative padding is not supported, got {}", op,
               p.padding[i]);
    AXON_CHECK(p.dilation[i] > 0, "{}: dilation should be greater than zero, got {}", op,
               p.dilation[i]);
  }
  AXON_CHECK(p.groups > 0, "{}: non-positive groups is not supported, got {}", op, p.groups);
}

void check_channels(const Tensor& x, const Tensor& weight, int64_t groups) {
  AXON_CHECK(weight.dim() == 4, "conv2d: expected a 4-D weight (O, C / groups, kh, kw), got {}",
             shape_str(weight.shape()));
  AXON_CHECK(weight.size(0) % groups == 0,
             "conv2d: out_channels ({}) must be divisible by groups ({})", weight.size(0), groups);
  AXON_CHECK(x.size(1) == weight.size(1) * groups,
             "conv2d: given groups={}, weight of size {}, expected input{} to have {} channels, "
             "but got {} channels instead",
             groups, shape_str(weight.shape()), shape_str(x.shape()), weight.size(1) * groups,
             x.size(1));
}

int64_t conv_out_size(int64_t in, int64_t kernel, const Conv2dParams& p, int i) {
  return (in + 2 * p.padding[i] - p.dilation[i] * (kernel - 1) - 1) / p.stride[i] + 1;
}

// Runs one conv primitive into a new contiguous tensor of `shape`.
Tensor run_conv(dispatch::OpId op, const Conv2dParams& p, const Tensor& a, const Tensor& b,
                const Shape& shape) {
  Tensor out = detail::make_empty(shape, a.dtype(), a.device());
  KernelArgs args;
  args.dims = conv_dims(p);
  detail::launch(op, a.device(), args, {a.contiguous(), b.contiguous()}, {out});
  return out;
}

// x: (N, C, H, W) contiguous-able, weight checked; no bias.
Tensor conv2d_nobias(const Tensor& x, const Tensor& weight, const Conv2dParams& p) {
  const int64_t oh = conv_out_size(x.size(2), weight.size(2), p, 0);
  const int64_t ow = conv_out_size(x.size(3), weight.size(3), p, 1);
  AXON_CHECK(oh > 0 && ow > 0,
             "conv2d: calculated output size ({}x{}) is too small for input {} and kernel {}x{}",
             oh, ow, shape_str(x.shape()), weight.size(2), weight.size(3));
  Tensor out = run_conv(AXON_OP("conv2d"), p, x.detach(), weight.detach(),
                        {x.size(0), weight.size(0), oh, ow});
  if (autograd::needs_grad({x, weight})) {
    const bool want_x = x.requires_grad(), want_w = weight.requires_grad();
    Tensor sx = x.detach(), sw = weight.detach();
    autograd::record("conv2d", {x, weight}, out, [sx, sw, p, want_x, want_w](const TensorList& g) {
      Tensor dx, dw;
      if (want_x) dx = run_conv(AXON_OP("conv2d_backward_input"), p, g[0], sw, sx.shape());
      if (want_w) dw = run_conv(AXON_OP("conv2d_backward_weight"), p, g[0], sx, sw.shape());
      return TensorList{dx, dw};
    });
  }
  return out;
}

}  // namespace

Tensor conv2d(const Tensor& x_in, const Tensor& weight, const Tensor& bias,
              const Conv2dParams& params) {
  AXON_CHECK(x_in.dim() == 3 || x_in.dim() == 4,
             "conv2d: expected 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape {}",
             shape_str(x_in.shape()));
  check_params("conv2d", params);
  const bool batched = x_in.dim() == 4;
  Tensor x = batched ? x_in : x_in.unsqueeze(0);
  detail::common_device("conv2d", {&x, &weight});
  AXON_CHECK(is_floating(x.dtype()) && x.dtype() == weight.dtype(),
             "conv2d: expected input and weight of one floating dtype, got {} and {}",
             dtype_name(x.dtype()), dtype_name(weight.dtype()));
  check_channels(x, weight, params.groups);
  Tensor out = conv2d_nobias(x, weight, params);
  if (bias.defined()) {
    AXON_CHECK(bias.dim() == 1 && bias.size(0) == weight.size(0),
               "conv2d: expected a bias of shape ({}), got {}", weight.size(0),
               shape_str(bias.shape()));
    out = out + bias.view({1, weight.size(0), 1, 1});
  }
  return batched ? out : out.squeeze(0);
}

// The three conv primitives with the roles of input and output swapped:
// forward is conv2d_backward_input (x as the gradient of a conv's output),
// the gradient of x is conv2d of the output's gradient, and the weight's is
// conv2d_backward_weight with x as the output gradient.
Tensor conv_transpose2d(const Tensor& x_in, const Tensor& weight, const Tensor& bias,
                        const Conv2dParams& p, std::array<int64_t, 2> output_padding) {
  const char* op = "conv_transpose2d";
  AXON_CHECK(x_in.dim() == 3 || x_in.dim() == 4,
             "{}: expected 3-D (C_in, H, W) or 4-D (N, C_in, H, W) input, got shape {}", op,
             shape_str(x_in.shape()));
  check_params(op, p);
  const bool batched = x_in.dim() == 4;
  Tensor x = batched ? x_in : x_in.unsqueeze(0);
  detail::common_device(op, {&x, &weight});
  AXON_CHECK(is_floating(x.dtype()) && x.dtype() == weight.dtype(),
             "{}: expected input and weight of one floating dtype, got {} and {}", op,
             dtype_name(x.dtype()), dtype_name(weight.dtype()));
  AXON_CHECK(weight.dim() == 4 && weight.size(0) == x.size(1) && x.size(1) % p.groups == 0,
             "{}: expected a weight (C_in = {}, C_out / groups, kh, kw) with C_in divisible by "
             "groups ({}), got {}",
             op, x.size(1), p.groups, shape_str(weight.shape()));
  Shape out_shape{x.size(0), weight.size(1) * p.groups, 0, 0};
  for (int i = 0; i < 2; ++i) {
    AXON_CHECK(output_padding[i] >= 0 &&
                   (output_padding[i] < p.stride[i] || output_padding[i] < p.dilation[i]),
               "{}: output padding must be smaller than either stride or dilation, got "
               "output_padding {}, stride {}, dilation {}",
               op, output_padding[i], p.stride[i], p.dilation[i]);
    out_shape[2 + i] = (x.size(2 + i) - 1) * p.stride[i] - 2 * p.padding[i] +
                       p.dilation[i] * (weight.size(2 + i) - 1) + output_padding[i] + 1;
  }
  AXON_CHECK(out_shape[2] > 0 && out_shape[3] > 0,
             "{}: calculated output size ({}x{}) is too small for input {} and kernel {}x{}", op,
             out_shape[2], out_shape[3], shape_str(x.shape()), weight.size(2), weight.size(3));
  // An output padding of a stride or more (allowed below the dilation) adds
  // whole rows of the conv's output, whose gradient is zero: x gets them as
  // zeros, so the primitives see the shapes of one conv.
  for (int i = 0; i < 2; ++i) {
    Shape zeros_shape = x.shape();
    zeros_shape[2 + i] = output_padding[i] / p.stride[i];
    if (zeros_shape[2 + i] > 0)
      x = cat({x, zeros(zeros_shape, TensorOptions(x.dtype()).device(x.device()))}, 2 + i);
  }
  Tensor out =
      run_conv(AXON_OP("conv2d_backward_input"), p, x.detach(), weight.detach(), out_shape);
  if (autograd::needs_grad({x, weight})) {
    const bool want_x = x.requires_grad(), want_w = weight.requires_grad();
    Tensor sx = x.detach(), sw = weight.detach();
    autograd::record(op, {x, weight}, out, [sx, sw, p, want_x, want_w](const TensorList& g) {
      Tensor dx, dw;
      if (want_x) dx = run_conv(AXON_OP("conv2d"), p, g[0], sw, sx.shape());
      if (want_w) dw = run_conv(AXON_OP("conv2d_backward_weight"), p, sx, g[0], sw.shape());
      return TensorList{dx, dw};
    });
  }
  if (bias.defined()) {
    AXON_CHECK(bias.dim() == 1 && bias.size(0) == out_shape[1],
               "{}: expected a bias of shape ({}), got {}", op, out_shape[1],
               shape_str(bias.shape()));
    out = out + bias.view({1, out_shape[1], 1, 1});
  }
  return batched ? out : out.squeeze(0);
}

Tensor conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias, int64_t stride,
              int64_t padding, int64_t dilation, int64_t groups) {
  AXON_CHECK(x.dim() == 2 || x.dim() == 3,
             "conv1d: expected 2-D (C, L) or 3-D (N, C, L) input, got shape {}",
             shape_str(x.shape()));
  AXON_CHECK(weight.dim() == 3, "conv1d: expected a 3-D weight (O, C / groups, k), got {}",
             shape_str(weight.shape()));
  const Conv2dParams params{{1, stride}, {0, padding}, {1, dilation}, groups};
  return conv2d(x.unsqueeze(-2), weight.unsqueeze(-2), bias, params).squeeze(-2);
}

}  // namespace axon
