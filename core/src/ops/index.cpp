// Indexing ops (gather, scatter_add, index_select, index_add) and cat/stack.
#include "tensor/internal.h"

namespace axon {
namespace {

void check_index(const char* op, const Tensor& index) {
  AXON_CHECK(index.dtype() == DType::i64, "{}: expected index of dtype i64, got {}", op,
             dtype_name(index.dtype()));
}

// Launches scatter_add or index_add into a copy of x.
Tensor accumulate_into(dispatch::OpId op, const Tensor& x, int64_t dim, const Tensor& index,
                       const Tensor& src, double alpha) {
  Tensor out = x.detach().clone();
  KernelArgs args;
  args.dim = dim;
  args.alpha = alpha;
  detail::launch(op, x.device(), args, {index.detach(), src.detach().to(x.dtype())}, {out});
  return out;
}

}  // namespace

Tensor gather(const Tensor& x, int64_t dim, const Tensor& index) {
  check_index("gather", index);
  detail::common_device("gather", {&x, &index});
  int64_t d = wrap_dim(dim, x.dim(), "gather");
  AXON_CHECK(
      index.dim() == x.dim(),
      "gather: index tensor must have the same number of dimensions as input tensor ({} vs {})",
      index.dim(), x.dim());
  for (int64_t i = 0; i < x.dim(); ++i)
    AXON_CHECK(i == d || index.size(i) <= x.size(i),
               "gather: size of index {} does not fit input {} at dimension {}",
               shape_str(index.shape()), shape_str(x.shape()), i);
  Tensor out = detail::make_empty(index.shape(), x.dtype(), x.device());
  KernelArgs args;
  args.dim = d;
  detail::launch(AXON_OP("gather"), x.device(), args, {x.detach(), index}, {out});
  Tensor saved_index = index.detach();
  Shape in_shape = x.shape();
  autograd::record("gather", {x}, out, [=](const TensorList& g) {
    Tensor base = zeros(in_shape, TensorOptions(g[0].dtype()).device(g[0].device()));
    return TensorList{accumulate_into(AXON_OP("scatter_add"), base, d, saved_index, g[0], 1.0)};
  });
  return out;
}

Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  check_index("scatter_add", index);
  detail::common_device("scatter_add", {&x, &index, &src});
  int64_t d = wrap_dim(dim, x.dim(), "scatter_add");
  AXON_CHECK(index.dim() == x.dim() && src.dim() == x.dim(),
             "scatter_add: index and src must have as many dimensions as self ({}), got {} and {}",
             x.dim(), index.dim(), src.dim());
  Tensor out = accumulate_into(AXON_OP("scatter_add"), x, d, index, src, 1.0);
  Tensor saved_index = index.detach();
  Shape src_shape = src.shape();
  autograd::record("scatter_add", {x, src}, out, [=](const TensorList& g) {
    Tensor grad_src = gather(g[0], d, saved_index);
    return TensorList{g[0], grad_src.shape() == src_shape ? grad_src : Tensor()};
  });
  return out;
}

Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index) {
  check_index("index_select", index);
  detail::common_device("index_select", {&x, &index});
  AXON_CHECK(index.dim() <= 1, "index_select: index must be 0-D or 1-D, got {}-D", index.dim());
  int64_t d = wrap_dim(dim, x.dim(), "index_select");
  Tensor idx = index.reshape({-1});
  Shape shape = x.shape();
  if (x.dim() > 0) shape[d] = idx.numel();
  Tensor out = detail::make_empty(shape, x.dtype(), x.device());
  KernelArgs args;
  args.dim = d;
  detail::launch(AXON_OP("index_select"), x.device(), args, {x, idx}, {out});
  Shape in_shape = x.shape();
  Tensor saved_index = idx.detach();
  autograd::record("index_select", {x}, out, [=](const TensorList& g) {
    Tensor base = zeros(in_shape, TensorOptions(g[0].dtype()).device(g[0].device()));
    return TensorList{accumulate_into(AXON_OP("index_add"), base, d, saved_index, g[0], 1.0)};
  });
  return out;
}

Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src,
                 double alpha) {
  check_index("index_add", index);
  detail::common_device("index_add", {&x, &index, &src});
  AXON_CHECK(index.dim() <= 1, "index_add: index must be 0-D or 1-D, got {}-D", index.dim());
  int64_t d = wrap_dim(dim, x.dim(), "index_add");
  Tensor idx = index.reshape({-1});
  Shape expected = x.shape();
  if (x.dim() > 0) expected[d] = idx.numel();
  AXON_CHECK(src.shape() == expected,
             "index_add: source of shape {} does not match {} expected for "
             "index of length {} along dim {}",
             shape_str(src.shape()), shape_str(expected), idx.numel(), d);
  Tensor out = accumulate_into(AXON_OP("index_add"), x, d, idx, src, alpha);
  Tensor saved_index = idx.detach();
  autograd::record("index_add", {x, src}, out, [=](const TensorList& g) {
    return TensorList{g[0], mul(index_select(g[0], d, saved_index), alpha)};
  });
  return out;
}

Tensor cat(const TensorList& tensors, int64_t dim) {
  AXON_CHECK(!tensors.empty(), "cat: expected a non-empty list of Tensors");
  const Tensor& first = tensors[0];
  AXON_CHECK(first.dim() > 0,
             "cat: zero-dimensional tensor (at position 0) cannot be concatenated");
  int64_t d = wrap_dim(dim, first.dim(), "cat");
  DType dtype = first.dtype();
  Shape shape = first.shape();
  shape[d] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    detail::common_device("cat", {&first, &t});
    AXON_CHECK(t.dim() == first.dim(),
               "cat: tensors must have the same number of dimensions: got "
               "{} and {} (at position {})",
               first.dim(), t.dim(), i);
    for (int64_t k = 0; k < t.dim(); ++k)
      AXON_CHECK(
          k == d || t.size(k) == first.size(k),
          "cat: sizes of tensors must match except in dimension {}. Expected size {} but got "
          "size {} for tensor number {} in the list",
          d, first.size(k), t.size(k), i);
    dtype = promote(dtype, t.dtype());
    shape[d] += t.size(d);
  }
  Tensor out = detail::make_empty(shape, dtype, first.device());
  std::vector<int64_t> offsets;
  int64_t offset = 0;
  for (const auto& t : tensors) {
    offsets.push_back(offset);
    detail::copy_into(out.narrow(d, offset, t.size(d)), t.detach());
    offset += t.size(d);
  }
  std::vector<int64_t> lengths;
  for (const auto& t : tensors) lengths.push_back(t.size(d));
  TensorList inputs;
  for (const auto& t : tensors) inputs.push_back(t.dtype() == dtype ? t : t.to(dtype));
  autograd::record("cat", inputs, out, [=](const TensorList& g) {
    TensorList grads;
    for (size_t i = 0; i < offsets.size(); ++i)
      grads.push_back(g[0].narrow(d, offsets[i], lengths[i]));
    return grads;
  });
  return out;
}

Tensor stack(const TensorList& tensors, int64_t dim) {
  AXON_CHECK(!tensors.empty(), "stack: expected a non-empty list of Tensors");
  int64_t d = wrap_dim(dim, tensors[0].dim() + 1, "stack");
  TensorList expanded;
  for (size_t i = 0; i < tensors.size(); ++i) {
    AXON_CHECK(
        tensors[i].shape() == tensors[0].shape(),
        "stack: expects each tensor to be equal size, but got {} at entry 0 and {} at entry {}",
        shape_str(tensors[0].shape()), shape_str(tensors[i].shape()), i);
    expanded.push_back(tensors[i].unsqueeze(d));
  }
  return cat(expanded, d);
}

Tensor one_hot(const Tensor& labels, int64_t num_classes) {
  check_index("one_hot", labels);
  Tensor classes = arange(0, num_classes, 1, TensorOptions(DType::i64).device(labels.device()));
  return eq(labels.unsqueeze(-1), classes).to(DType::i64);
}

}  // namespace axon
