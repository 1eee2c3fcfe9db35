#include <axon/kernels.h>

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
