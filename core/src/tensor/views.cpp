// Views (shared storage) and reshapes, with their derivatives.
#include "tensor/internal.h"

#include <numeric>
#include <optional>

namespace axon {
namespace {

Shape infer_shape(Shape shape, int64_t n, const char* op) {
  int64_t known = 1, infer = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      AXON_CHECK(infer < 0, "{}: only one dimension can be inferred", op);
      infer = static_cast<int64_t>(i);
    } else {
      AXON_CHECK(shape[i] >= 0, "{}: invalid shape dimension {}", op, shape[i]);
      known *= shape[i];
    }
  }
  if (infer >= 0) {
    AXON_CHECK(known != 0 && n % known == 0, "{}: shape '{}' is invalid for input of size {}", op,
               shape_str(shape), n);
    shape[infer] = n / known;
  }
  AXON_CHECK(axon::numel(shape) == n, "{}: shape '{}' is invalid for input of size {}", op,
             shape_str(shape), n);
  return shape;
}

// PyTorch's computeStride: strides for viewing (old_shape, old_strides) as
// new_shape without a copy, or nothing when the memory layout does not allow it.
std::optional<Shape> view_strides(const Shape& old_shape, const Shape& old_strides,
                                  const Shape& new_shape) {
  Shape strides(new_shape.size());
  if (old_shape.empty()) return Shape(new_shape.size(), 1);
  if (axon::numel(old_shape) == 0) return contiguous_strides(new_shape);
  int64_t view_d = static_cast<int64_t>(new_shape.size()) - 1;
  int64_t chunk_base_stride = old_strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t d = static_cast<int64_t>(old_shape.size()) - 1; d >= 0; --d) {
    tensor_numel *= old_shape[d];
    if (d == 0 ||
        (old_shape[d - 1] != 1 && old_strides[d - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || new_shape[view_d] == 1)) {
        strides[view_d] = view_numel * chunk_base_stride;
        view_numel *= new_shape[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (d > 0) {
        chunk_base_stride = old_strides[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return strides;
}

Tensor record_reshape(const char* name, const Tensor& input, Tensor out) {
  Shape in_shape = input.shape();
  autograd::record(name, {input}, out,
                   [in_shape](const TensorList& g) { return TensorList{g[0].reshape(in_shape)}; });
  return out;
}

}  // namespace

Tensor Tensor::view(const Shape& shape) const {
  Shape target = infer_shape(shape, numel(), "view");
  auto strides = view_strides(this->shape(), this->strides(), target);
  AXON_CHECK(strides.has_value(),
             "view: view size is not compatible with input tensor's size and stride (at least one "
             "dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  return record_reshape("view", *this, detail::make_view(*this, target, *strides, offset()));
}

Tensor Tensor::reshape(const Shape& shape) const {
  Shape target = infer_shape(shape, numel(), "reshape");
  if (view_strides(this->shape(), this->strides(), target)) return view(target);
  return contiguous().view(target);
}

Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const {
  int64_t rank = std::max<int64_t>(dim(), 1);
  int64_t start = wrap_dim(start_dim, rank, "flatten"), end = wrap_dim(end_dim, rank, "flatten");
  AXON_CHECK(start <= end, "flatten: start_dim {} cannot come after end_dim {}", start_dim,
             end_dim);
  if (dim() == 0) return reshape({1});
  Shape out(shape().begin(), shape().begin() + start);
  int64_t merged = 1;
  for (int64_t d = start; d <= end; ++d) merged *= shape()[d];
  out.push_back(merged);
  out.insert(out.end(), shape().begin() + end + 1, shape().end());
  return reshape(out);
}

Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const {
  int64_t a = wrap_dim(dim0, dim(), "transpose"), b = wrap_dim(dim1, dim(), "transpose");
  if (dim() == 0) return *this;
  Shape s = shape(), st = strides();
  std::swap(s[a], s[b]);
  std::swap(st[a], st[b]);
  Tensor out = detail::make_view(*this, s, st, offset());
  autograd::record("transpose", {*this}, out,
                   [a, b](const TensorList& g) { return TensorList{g[0].transpose(a, b)}; });
  return out;
}

Tensor Tensor::t() const {
  AXON_CHECK(dim() <= 2, "t: expects a tensor with <= 2 dimensions, but self is {}D", dim());
  return dim() < 2 ? *this : transpose(0, 1);
}

Tensor Tensor::permute(const std::vector<int64_t>& dims) const {
  AXON_CHECK(static_cast<int64_t>(dims.size()) == dim(),
             "permute: number of dims don't match in permute (expected {}, got {})", dim(),
             dims.size());
  Shape s(dim()), st(dim());
  std::vector<int64_t> inverse(dim(), -1);
  for (int64_t i = 0; i < dim(); ++i) {
    int64_t d = wrap_dim(dims[i], dim(), "permute");
    AXON_CHECK(inverse[d] < 0, "permute: repeated dim {} in {}", d, shape_str(dims));
    inverse[d] = i;
    s[i] = shape()[d];
    st[i] = strides()[d];
  }
  Tensor out = detail::make_view(*this, s, st, offset());
  autograd::record("permute", {*this}, out,
                   [inverse](const TensorList& g) { return TensorList{g[0].permute(inverse)}; });
  return out;
}

Tensor Tensor::expand(const Shape& target) const {
  AXON_CHECK(target.size() >= shape().size(),
             "expand: the number of sizes provided ({}) must be greater or equal to the number of "
             "dimensions in the tensor ({})",
             target.size(), dim());
  size_t lead = target.size() - shape().size();
  Shape s(target.size()), st(target.size(), 0);
  for (size_t i = 0; i < target.size(); ++i) {
    if (i < lead) {
      AXON_CHECK(target[i] >= 0, "expand: -1 is not allowed in a leading, non-existing dimension");
      s[i] = target[i];
      continue;
    }
    int64_t have = shape()[i - lead];
    int64_t want = target[i] == -1 ? have : target[i];
    AXON_CHECK(have == want || have == 1,
               "expand: the expanded size of the tensor ({}) must match the existing size ({}) at "
               "non-singleton dimension {}. Target sizes: {}. Tensor sizes: {}",
               want, have, i, shape_str(target), shape_str(shape()));
    s[i] = want;
    st[i] = have == want ? strides()[i - lead] : 0;
  }
  if (s == shape()) return *this;
  Tensor out = detail::make_view(*this, s, st, offset());
  Shape in_shape = shape();
  autograd::record("expand", {*this}, out,
                   [in_shape](const TensorList& g) { return TensorList{sum_to(g[0], in_shape)}; });
  return out;
}

Tensor Tensor::narrow(int64_t dim_, int64_t start, int64_t length) const {
  int64_t d = wrap_dim(dim_, dim(), "narrow");
  int64_t size = shape()[d];
  if (start < 0) start += size;
  AXON_CHECK(start >= 0 && length >= 0 && start + length <= size,
             "narrow: start ({}) + length ({}) exceeds dimension size ({}) of dim {}", start,
             length, size, d);
  Shape s = shape();
  s[d] = length;
  Tensor out = detail::make_view(*this, s, strides(), offset() + start * strides()[d]);
  Shape in_shape = shape();
  Device* device = &this->device();
  DType type = dtype();
  autograd::record("narrow", {*this}, out, [=](const TensorList& g) {
    Tensor grad = zeros(in_shape, TensorOptions(type).device(*device));
    detail::copy_into(grad.narrow(d, start, length), g[0]);
    return TensorList{grad};
  });
  return out;
}

Tensor Tensor::select(int64_t dim_, int64_t index) const {
  int64_t d = wrap_dim(dim_, dim(), "select");
  int64_t size = shape()[d];
  AXON_CHECK(index >= -size && index < size,
             "select: index {} out of range for tensor of size {} at dimension {}", index,
             shape_str(shape()), d);
  if (index < 0) index += size;
  return narrow(d, index, 1).squeeze(d);
}

Tensor Tensor::squeeze(int64_t dim_) const {
  if (dim() == 0) return *this;
  int64_t d = wrap_dim(dim_, dim(), "squeeze");
  if (shape()[d] != 1) return *this;
  Shape s = shape(), st = strides();
  s.erase(s.begin() + d);
  st.erase(st.begin() + d);
  return record_reshape("squeeze", *this, detail::make_view(*this, s, st, offset()));
}

Tensor Tensor::unsqueeze(int64_t dim_) const {
  int64_t d = wrap_dim(dim_, dim() + 1, "unsqueeze");
  Shape s = shape(), st = strides();
  int64_t stride = d < dim() ? strides()[d] * shape()[d] : 1;
  s.insert(s.begin() + d, 1);
  st.insert(st.begin() + d, stride);
  return record_reshape("unsqueeze", *this, detail::make_view(*this, s, st, offset()));
}

}  // namespace axon
