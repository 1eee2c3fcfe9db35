// Pooling on the pool primitives (kernels.h, family "pool"), with PyTorch's
// output-size rule and checks; 1-D pooling is 2-D pooling with H = 1, and
// adaptive average pooling is two averaging matmuls.
#include "tensor/internal.h"

#include <cmath>

namespace axon {
namespace {

Pool2dParams resolved(const char* op, Pool2dParams p) {
  for (int i = 0; i < 2; ++i) {
    if (p.stride[i] == 0) p.stride[i] = p.kernel[i];
    AXON_CHECK(p.kernel[i] > 0, "{}: kernel size should be greater than zero, got {}", op,
               p.kernel[i]);
    AXON_CHECK(p.stride[i] > 0, "{}: stride should be greater than zero, got {}", op, p.stride[i]);
    AXON_CHECK(p.dilation[i] > 0, "{}: dilation should be greater than zero, got {}", op,
               p.dilation[i]);
    const int64_t effective = (p.kernel[i] - 1) * p.dilation[i] + 1;
    AXON_CHECK(p.padding[i] >= 0 && p.padding[i] <= effective / 2,
               "{}: pad should be at most half of effective kernel size, but got pad={}, "
               "kernel_size={} and dilation={}",
               op, p.padding[i], p.kernel[i], p.dilation[i]);
  }
  return p;
}

// PyTorch's pooling_output_shape: the last window must start inside the
// input or its left padding.
int64_t pool_out_size(int64_t in, const Pool2dParams& p, int i) {
  const int64_t span = in + 2 * p.padding[i] - p.dilation[i] * (p.kernel[i] - 1) - 1;
  int64_t out = (span + (p.ceil_mode ? p.stride[i] - 1 : 0)) / p.stride[i] + 1;
  if (p.ceil_mode && (out - 1) * p.stride[i] >= in + p.padding[i]) --out;
  return out;
}

struct PoolInput {
  Tensor x;  // (N, C, H, W)
  bool batched;
  Shape out_shape;
};

PoolInput pool_input(const char* op, const Tensor& x_in, const Pool2dParams& p) {
  AXON_CHECK(x_in.dim() == 3 || x_in.dim() == 4,
             "{}: expected 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape {}", op,
             shape_str(x_in.shape()));
  AXON_CHECK(is_floating(x_in.dtype()), "{}: expected a floating input, got {}", op,
             dtype_name(x_in.dtype()));
  const bool batched = x_in.dim() == 4;
  Tensor x = batched ? x_in : x_in.unsqueeze(0);
  const int64_t oh = pool_out_size(x.size(2), p, 0), ow = pool_out_size(x.size(3), p, 1);
  AXON_CHECK(oh > 0 && ow > 0, "{}: output size is too small ({}x{}) for input {}", op, oh, ow,
             shape_str(x_in.shape()));
  return {x, batched, {x.size(0), x.size(1), oh, ow}};
}

std::vector<int64_t> pool_dims(const Pool2dParams& p) {
  return {p.kernel[0],  p.kernel[1],  p.stride[0],   p.stride[1],
          p.padding[0], p.padding[1], p.dilation[0], p.dilation[1]};
}

// Launches a pool primitive; outputs are new contiguous tensors of `shapes`.
TensorList run_pool(dispatch::OpId op, const Pool2dParams& p, std::initializer_list<Tensor> in,
                    const std::vector<std::pair<Shape, DType>>& shapes, Device& device) {
  TensorList out;
  for (const auto& [shape, dtype] : shapes) out.push_back(detail::make_empty(shape, dtype, device));
  KernelArgs args;
  args.dims = pool_dims(p);
  args.flag = p.count_include_pad;
  TensorList inputs;
  for (const Tensor& t : in) inputs.push_back(t.contiguous());
  for (const Tensor& t : inputs) args.in.push_back(t.arg());
  for (const Tensor& t : out) args.out.push_back(t.arg());
  dispatch::call(op, device, args);
  return out;
}

Tensor unbatch(const Tensor& t, bool batched) { return batched ? t : t.squeeze(0); }

// (C, L) or (N, C, L) as (.., 1, L) and the 1-D params as (1, k) windows.
Pool2dParams as_1d(const Pool2dParams& p) {
  Pool2dParams q = p;
  q.kernel = {1, p.kernel[1]}, q.stride = {1, p.stride[1] ? p.stride[1] : p.kernel[1]};
  q.padding = {0, p.padding[1]}, q.dilation = {1, p.dilation[1]};
  return q;
}

void check_1d(const char* op, const Tensor& x) {
  AXON_CHECK(x.dim() == 2 || x.dim() == 3,
             "{}: expected 2-D (C, L) or 3-D (N, C, L) input, got shape {}", op,
             shape_str(x.shape()));
}

// (out, in) rows of PyTorch's adaptive windows, each row averaging its window.
Tensor adaptive_weights(int64_t in, int64_t out, const Tensor& like) {
  std::vector<double> w(static_cast<size_t>(out * in), 0.0);
  for (int64_t i = 0; i < out; ++i) {
    const int64_t start = (i * in) / out, end = ((i + 1) * in + out - 1) / out;
    for (int64_t j = start; j < end; ++j) w[i * in + j] = 1.0 / static_cast<double>(end - start);
  }
  return from_vector(w, {out, in}, TensorOptions(like.dtype()).device(like.device()));
}

}  // namespace

std::pair<Tensor, Tensor> max_pool2d_with_indices(const Tensor& x_in, const Pool2dParams& params) {
  const Pool2dParams p = resolved("max_pool2d", params);
  PoolInput in = pool_input("max_pool2d", x_in, p);
  TensorList out =
      run_pool(AXON_OP("max_pool2d"), p, {in.x.detach()},
               {{in.out_shape, in.x.dtype()}, {in.out_shape, DType::i64}}, in.x.device());
  Tensor y = out[0], indices = out[1];
  if (autograd::needs_grad({in.x})) {
    const Shape x_shape = in.x.shape();
    autograd::record("max_pool2d", {in.x}, y, [p, indices, x_shape](const TensorList& g) {
      return run_pool(AXON_OP("max_pool2d_backward"), p, {g[0], indices}, {{x_shape, g[0].dtype()}},
                      g[0].device());
    });
  }
  return {unbatch(y, in.batched), unbatch(indices, in.batched)};
}

Tensor max_pool2d(const Tensor& x, const Pool2dParams& params) {
  return max_pool2d_with_indices(x, params).first;
}

Tensor avg_pool2d(const Tensor& x_in, const Pool2dParams& params) {
  Pool2dParams p = resolved("avg_pool2d", params);
  AXON_CHECK(p.dilation[0] == 1 && p.dilation[1] == 1, "avg_pool2d: dilation is not supported");
  PoolInput in = pool_input("avg_pool2d", x_in, p);
  Tensor y = run_pool(AXON_OP("avg_pool2d"), p, {in.x.detach()}, {{in.out_shape, in.x.dtype()}},
                      in.x.device())[0];
  if (autograd::needs_grad({in.x})) {
    const Shape x_shape = in.x.shape();
    autograd::record("avg_pool2d", {in.x}, y, [p, x_shape](const TensorList& g) {
      return run_pool(AXON_OP("avg_pool2d_backward"), p, {g[0]}, {{x_shape, g[0].dtype()}},
                      g[0].device());
    });
  }
  return unbatch(y, in.batched);
}

Tensor max_pool1d(const Tensor& x, const Pool2dParams& params) {
  check_1d("max_pool1d", x);
  return max_pool2d(x.unsqueeze(-2), as_1d(params)).squeeze(-2);
}

Tensor avg_pool1d(const Tensor& x, const Pool2dParams& params) {
  check_1d("avg_pool1d", x);
  return avg_pool2d(x.unsqueeze(-2), as_1d(params)).squeeze(-2);
}

// y = A_h x A_w^T over the last two dims, A (out, in) holding each window's 1 / size.
Tensor adaptive_avg_pool2d(const Tensor& x, std::array<int64_t, 2> output_size) {
  AXON_CHECK(x.dim() == 3 || x.dim() == 4,
             "adaptive_avg_pool2d: expected 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape {}",
             shape_str(x.shape()));
  AXON_CHECK(output_size[0] > 0 && output_size[1] > 0,
             "adaptive_avg_pool2d: output size must be positive, got {}x{}", output_size[0],
             output_size[1]);
  const Tensor rows = adaptive_weights(x.size(-2), output_size[0], x);
  const Tensor cols = adaptive_weights(x.size(-1), output_size[1], x);
  return matmul(matmul(rows, x), cols.t());
}

}  // namespace axon
