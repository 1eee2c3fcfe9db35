// Reductions and their derivatives.
#include "tensor/internal.h"

#include <algorithm>

namespace axon {
namespace {

// Sorted unique non-negative axes; empty input means every axis.
std::vector<int64_t> normalize_dims(const std::vector<int64_t>& dims, int64_t rank,
                                    const char* op) {
  std::vector<int64_t> out;
  if (dims.empty()) {
    for (int64_t d = 0; d < rank; ++d) out.push_back(d);
    return out;
  }
  for (int64_t d : dims) out.push_back(wrap_dim(d, rank, op));
  std::sort(out.begin(), out.end());
  AXON_CHECK(std::adjacent_find(out.begin(), out.end()) == out.end(),
             "{}: dim {} appears multiple times in the list of dims", op, shape_str(dims));
  if (rank == 0) out.clear();
  return out;
}

Shape kept_shape(const Shape& shape, const std::vector<int64_t>& dims) {
  Shape kept = shape;
  for (int64_t d : dims) kept[d] = 1;
  return kept;
}

Shape dropped_shape(const Shape& shape, const std::vector<int64_t>& dims) {
  Shape out;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d)
    if (!std::binary_search(dims.begin(), dims.end(), d)) out.push_back(shape[d]);
  return out;
}

// Runs a reduce kernel; the result has keepdim's shape.
Tensor run_reduce(dispatch::OpId op, const Tensor& x, const std::vector<int64_t>& dims,
                  DType dtype) {
  Tensor out = detail::make_empty(kept_shape(x.shape(), dims), dtype, x.device());
  KernelArgs args;
  args.dims = dims;
  detail::launch(op, x.device(), args, {x}, {out});
  return out;
}

Tensor finish(const Tensor& kept, const Shape& in_shape, const std::vector<int64_t>& dims,
              bool keepdim) {
  return keepdim ? kept : kept.reshape(dropped_shape(in_shape, dims));
}

// g (reduced shape) broadcast back over the input.
Tensor expand_grad(const Tensor& g, const Shape& in_shape, const std::vector<int64_t>& dims) {
  return g.reshape(kept_shape(in_shape, dims)).expand(in_shape);
}

// Max/min over dims: the gradient goes to the extremal elements, split evenly among ties.
Tensor extremum(dispatch::OpId op, const char* name, const Tensor& x, const std::vector<int64_t>& d,
                bool keepdim) {
  auto dims = normalize_dims(d, x.dim(), name);
  AXON_CHECK(x.numel() > 0,
             "{}: expected a non-empty tensor (reduction over an empty dimension has no identity)",
             name);
  Tensor kept = run_reduce(op, x, dims, x.dtype());
  if (autograd::needs_grad({x})) {
    Tensor sx = x.detach(), sk = kept.detach();
    Shape in_shape = x.shape();
    autograd::record(name, {x}, kept, [=](const TensorList& g) {
      Tensor mask = eq(sx, sk.expand(in_shape)).to(sx.dtype());
      Tensor count = sum(mask, dims, true);
      return TensorList{div(mul(mask, g[0].expand(in_shape)), count)};
    });
  }
  return finish(kept, x.shape(), dims, keepdim);
}

Tensor arg_extremum(dispatch::OpId op, const char* name, const Tensor& x, int64_t dim,
                    bool keepdim) {
  int64_t d = wrap_dim(dim, x.dim(), name);
  AXON_CHECK(x.dim() == 0 || x.size(d) > 0, "{}: expected a non-empty dimension {}", name, d);
  if (x.dim() == 0) return zeros({}, TensorOptions(DType::i64).device(x.device()));
  Tensor out = detail::make_empty(kept_shape(x.shape(), {d}), DType::i64, x.device());
  KernelArgs args;
  args.dim = d;
  detail::launch(op, x.device(), args, {x}, {out});
  return keepdim ? out : out.squeeze(d);
}

}  // namespace

Tensor sum(const Tensor& x) { return sum(x, {}, false); }

Tensor sum(const Tensor& input, const std::vector<int64_t>& d, bool keepdim) {
  // Sums of bools and bytes count in i64, as PyTorch.
  Tensor x =
      input.dtype() == DType::boolean || input.dtype() == DType::u8 ? input.to(DType::i64) : input;
  auto dims = normalize_dims(d, x.dim(), "sum");
  Tensor kept = run_reduce(AXON_OP("sum"), x, dims, x.dtype());
  Shape in_shape = x.shape();
  autograd::record("sum", {x}, kept, [=](const TensorList& g) {
    return TensorList{expand_grad(g[0], in_shape, dims)};
  });
  return finish(kept, x.shape(), dims, keepdim);
}

Tensor mean(const Tensor& x) { return mean(x, {}, false); }

Tensor mean(const Tensor& x, const std::vector<int64_t>& d, bool keepdim) {
  AXON_CHECK(
      is_floating(x.dtype()),
      "mean: could not infer output dtype. Input dtype must be a floating point type, got {}",
      dtype_name(x.dtype()));
  auto dims = normalize_dims(d, x.dim(), "mean");
  Tensor kept = run_reduce(AXON_OP("mean"), x, dims, x.dtype());
  Shape in_shape = x.shape();
  int64_t count = 1;
  for (int64_t dim : dims) count *= in_shape[dim];
  autograd::record("mean", {x}, kept, [=](const TensorList& g) {
    return TensorList{div(expand_grad(g[0], in_shape, dims), static_cast<double>(count))};
  });
  return finish(kept, x.shape(), dims, keepdim);
}

Tensor amax(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  return extremum(AXON_OP("max"), "amax", x, dims, keepdim);
}

Tensor amin(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  return extremum(AXON_OP("min"), "amin", x, dims, keepdim);
}

Tensor max(const Tensor& x) { return amax(x, {}, false); }

std::pair<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim) {
  Tensor indices = argmax(x, dim, true);
  int64_t d = x.dim() == 0 ? 0 : wrap_dim(dim, x.dim(), "max");
  Tensor values = x.dim() == 0 ? x : gather(x, d, indices);
  if (!keepdim && x.dim() > 0) values = values.squeeze(d), indices = indices.squeeze(d);
  return {values, indices};
}

std::pair<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim) {
  Tensor indices = argmin(x, dim, true);
  int64_t d = x.dim() == 0 ? 0 : wrap_dim(dim, x.dim(), "min");
  Tensor values = x.dim() == 0 ? x : gather(x, d, indices);
  if (!keepdim && x.dim() > 0) values = values.squeeze(d), indices = indices.squeeze(d);
  return {values, indices};
}

Tensor argmax(const Tensor& x, int64_t dim, bool keepdim) {
  return arg_extremum(AXON_OP("argmax"), "argmax", x, dim, keepdim);
}

Tensor argmin(const Tensor& x, int64_t dim, bool keepdim) {
  return arg_extremum(AXON_OP("argmin"), "argmin", x, dim, keepdim);
}

// log(sum(exp(x))) = m + log(sum(exp(x - m))) with m the (constant) max.
Tensor logsumexp(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  Tensor m = amax(x.detach(), dims, true);
  Tensor out = add(log(sum(exp(sub(x, m)), dims, true)), m);
  auto normalized = normalize_dims(dims, x.dim(), "logsumexp");
  return finish(out, x.shape(), normalized, keepdim);
}

Tensor sum_to(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  int64_t lead = x.dim() - static_cast<int64_t>(shape.size());
  AXON_ASSERT(lead >= 0, "sum_to: cannot reduce {} to {}", shape_str(x.shape()), shape_str(shape));
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < x.dim(); ++d)
    if (d < lead || (shape[d - lead] == 1 && x.shape()[d] != 1)) dims.push_back(d);
  Tensor reduced = dims.empty() ? x : sum(x, dims, true);
  return reduced.reshape(shape);
}

Tensor reduce(const Tensor& losses, const std::string& reduction) {
  if (reduction == "none") return losses;
  if (reduction == "sum") return sum(losses);
  AXON_CHECK(reduction == "mean", "reduce: invalid reduction '{}' (expected none, mean or sum)",
             reduction);
  return mean(losses);
}

}  // namespace axon
