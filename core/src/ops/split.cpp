// split, chunk and unbind: views of consecutive pieces of a tensor along one
// dim. All pieces come from one node, so the backward pass joins their
// gradients with a single cat (or stack) instead of summing one zero-padded
// gradient per piece, which matters for an RNN that unbinds 28 time steps.
#include "tensor/internal.h"

namespace axon {
namespace {

// Views of x along d of the given sizes; with `drop_dim` every size is 1 and
// the dim is removed from each view.
TensorList pieces(const char* op, const Tensor& x, int64_t d, const std::vector<int64_t>& sizes,
                  bool drop_dim) {
  TensorList out;
  int64_t start = 0;
  for (int64_t size : sizes) {
    Shape shape = x.shape(), strides = x.strides();
    shape[d] = size;
    if (drop_dim) shape.erase(shape.begin() + d), strides.erase(strides.begin() + d);
    out.push_back(detail::make_view(x, shape, strides, x.offset() + start * x.strides()[d]));
    start += size;
  }
  if (!out.empty())
    autograd::record(op, {x}, out, [d, drop_dim](const TensorList& g) {
      return TensorList{drop_dim ? stack(g, d) : cat(g, d)};
    });
  return out;
}

int64_t split_dim(const char* op, const Tensor& x, int64_t dim) {
  AXON_CHECK(x.dim() > 0, "{}: expected a tensor with at least 1 dimension, got a 0-D tensor", op);
  return wrap_dim(dim, x.dim(), op);
}

}  // namespace

TensorList split(const Tensor& x, int64_t split_size, int64_t dim) {
  int64_t d = split_dim("split", x, dim);
  int64_t size = x.size(d);
  AXON_CHECK(split_size > 0 || (split_size == 0 && size == 0),
             "split: split_size must be positive, got {} (dim {} has size {})", split_size, d,
             size);
  std::vector<int64_t> sizes;
  for (int64_t start = 0; start < size; start += split_size)
    sizes.push_back(std::min(split_size, size - start));
  return pieces("split", x, d, sizes, false);
}

TensorList chunk(const Tensor& x, int64_t chunks, int64_t dim) {
  AXON_CHECK(chunks > 0, "chunk: number of chunks must be positive, got {}", chunks);
  int64_t d = split_dim("chunk", x, dim);
  // torch.chunk: pieces of ceil(size / chunks), so there may be fewer than `chunks`.
  return split(x, (x.size(d) + chunks - 1) / chunks, d);
}

TensorList unbind(const Tensor& x, int64_t dim) {
  int64_t d = split_dim("unbind", x, dim);
  return pieces("unbind", x, d, std::vector<int64_t>(x.size(d), 1), true);
}

}  // namespace axon
