// StateDict: named tensors in insertion order (PyTorch's OrderedDict).
#include <axon/error.h>
#include <axon/state_dict.h>

namespace axon {

void StateDict::insert(const std::string& name, const Tensor& tensor) {
  for (auto& item : items_) {
    if (item.first == name) {
      item.second = tensor;
      return;
    }
  }
  items_.emplace_back(name, tensor);
}

const Tensor* StateDict::find(const std::string& name) const {
  for (const auto& item : items_) {
    if (item.first == name) return &item.second;
  }
  return nullptr;
}

const Tensor& StateDict::at(const std::string& name) const {
  const Tensor* tensor = find(name);
  AXON_CHECK(tensor != nullptr, "state dict: no key '{}' (keys: {})", name, keys());
  return *tensor;
}

std::vector<std::string> StateDict::keys() const {
  std::vector<std::string> names;
  names.reserve(items_.size());
  for (const auto& item : items_) names.push_back(item.first);
  return names;
}

}  // namespace axon
