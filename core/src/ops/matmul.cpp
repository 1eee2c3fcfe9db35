// matmul (torch.matmul semantics) on top of the batched gemm primitive.
#include "tensor/internal.h"

namespace axon {
namespace {

// A 3-D operand as the gemm kernel takes it: inner dims row-major, or their
// transpose flagged instead of copied.
struct GemmOperand {
  Tensor stored;
  bool transposed;
};

bool row_major(const Tensor& t) {
  return (t.size(2) == 1 || t.strides()[2] == 1) && (t.size(1) == 1 || t.strides()[1] == t.size(2));
}

GemmOperand as_gemm_operand(const Tensor& t) {
  if (row_major(t)) return {t, false};
  Tensor swapped = t.transpose(1, 2);
  if (row_major(swapped)) return {swapped, true};
  return {t.contiguous(), false};
}

// (batch..., r, c) expanded to `batch` and flattened to (B, r, c), without a
// copy when the batch dims collapse (contiguous or broadcast).
Tensor to_batched3(const Tensor& t, const Shape& batch) {
  Shape full = batch;
  full.push_back(t.size(-2));
  full.push_back(t.size(-1));
  return t.expand(full).reshape({numel(batch), t.size(-2), t.size(-1)});
}

Tensor gemm(const Tensor& a, const Tensor& b) {
  int64_t m = a.size(-2), n = b.size(-1);
  Shape batch_a(a.shape().begin(), a.shape().end() - 2),
      batch_b(b.shape().begin(), b.shape().end() - 2);
  Shape batch = broadcast_shapes(batch_a, batch_b, "matmul");
  Device& device = a.device();
  GemmOperand ga = as_gemm_operand(to_batched3(a.detach(), batch));
  GemmOperand gb = as_gemm_operand(to_batched3(b.detach(), batch));
  Tensor out = detail::make_empty({numel(batch), m, n}, a.dtype(), device);
  KernelArgs args;
  args.alpha = 1.0;
  args.beta = 0.0;
  args.trans_a = ga.transposed;
  args.trans_b = gb.transposed;
  detail::launch(AXON_OP("matmul"), device, args, {ga.stored, gb.stored}, {out});
  Shape out_shape = batch;
  out_shape.push_back(m);
  out_shape.push_back(n);
  return out.view(out_shape);
}

// A transposed view of contiguous memory (linear's weight.t()).
bool is_transposed_view(const Tensor& t) {
  return !t.is_contiguous() && t.transpose(-1, -2).is_contiguous();
}

// The operands' gradients, g b^T and a^T g. For an operand that is a
// transposed view, the gradient is computed transposed too, so that after the
// view's own backward it arrives contiguous in the parameter's layout rather
// than being copied by AccumulateGrad.
Tensor grad_of_left(const Tensor& a, const Tensor& g, const Tensor& b) {
  return is_transposed_view(a) ? matmul(b, g.transpose(-1, -2)).transpose(-1, -2)
                               : matmul(g, b.transpose(-1, -2));
}

Tensor grad_of_right(const Tensor& a, const Tensor& g, const Tensor& b) {
  return is_transposed_view(b) ? matmul(g.transpose(-1, -2), a).transpose(-1, -2)
                               : matmul(a.transpose(-1, -2), g);
}

}  // namespace

Tensor matmul(const Tensor& a_in, const Tensor& b_in) {
  AXON_CHECK(a_in.dim() >= 1 && b_in.dim() >= 1,
             "matmul: both arguments need at least 1 dimension, got {}D and {}D tensors",
             a_in.dim(), b_in.dim());
  if (a_in.dim() == 1 && b_in.dim() == 1) {
    AXON_CHECK(a_in.size(0) == b_in.size(0),
               "dot: inconsistent tensor size, expected tensor [{}] and src [{}] to have the same "
               "number of elements, but got {} and {} elements respectively",
               a_in.size(0), b_in.size(0), a_in.size(0), b_in.size(0));
    return matmul(a_in.unsqueeze(0), b_in.unsqueeze(1)).reshape({});
  }
  if (a_in.dim() == 1) return matmul(a_in.unsqueeze(0), b_in).squeeze(-2);
  if (b_in.dim() == 1) return matmul(a_in, b_in.unsqueeze(-1)).squeeze(-1);
  detail::common_device("matmul", {&a_in, &b_in});
  AXON_CHECK(a_in.size(-1) == b_in.size(-2),
             "matmul: mat1 and mat2 shapes cannot be multiplied ({}x{} and {}x{})",
             numel(Shape(a_in.shape().begin(), a_in.shape().end() - 1)), a_in.size(-1),
             b_in.size(-2), b_in.size(-1));
  DType dtype = promote(a_in.dtype(), b_in.dtype());
  AXON_CHECK(is_floating(dtype), "matmul: expected floating point tensors, got {} and {}",
             dtype_name(a_in.dtype()), dtype_name(b_in.dtype()));
  Tensor a = a_in.to(dtype), b = b_in.to(dtype);
  Tensor out = gemm(a, b);
  if (autograd::needs_grad({a, b})) {
    Tensor sa = a.detach(), sb = b.detach();
    autograd::record("matmul", {a, b}, out, [sa, sb](const TensorList& g) {
      return TensorList{sum_to(grad_of_left(sa, g[0], sb), sa.shape()),
                        sum_to(grad_of_right(sa, g[0], sb), sb.shape())};
    });
  }
  return out;
}

Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  AXON_CHECK(weight.dim() == 2,
             "linear: expected a 2-D weight (out_features, in_features), got shape {}",
             shape_str(weight.shape()));
  Tensor out = matmul(x, weight.t());
  return bias.defined() ? add(out, bias) : out;
}

}  // namespace axon
