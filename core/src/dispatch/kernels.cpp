#include <axon/error.h>
#include <axon/kernels.h>

#include <algorithm>

namespace axon {

int64_t TensorArg::numel() const { return axon::numel(shape); }

bool TensorArg::is_contiguous() const {
  int64_t expected = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    if (shape[i] == 1) continue;
    if (strides[i] != expected) return false;
    expected *= shape[i];
  }
  return true;
}

int64_t matmul_leading_dim(const TensorArg& m, const char* what) {
  const int64_t rows = m.shape[1], cols = m.shape[2];
  AXON_ASSERT(cols <= 1 || m.strides[2] == 1, "matmul: {} {} with strides {} is not row-major",
              what, m.shape, m.strides);
  const int64_t ld = rows > 1 ? m.strides[1] : cols;
  AXON_ASSERT(ld >= cols, "matmul: {} {} with strides {} has overlapping rows", what, m.shape,
              m.strides);
  return std::max<int64_t>(ld, 1);
}

std::vector<std::string_view> primitive_names() {
  std::vector<std::string_view> names;
  for (const auto& p : kPrimitives) names.push_back(p.name);
  return names;
}

bool is_primitive(std::string_view name) {
  for (const auto& p : kPrimitives)
    if (p.name == name) return true;
  return false;
}

}  // namespace axon
