// Named tensors in order (PyTorch's state_dict), and their safetensors files.
#pragma once

#include <axon/tensor.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace axon {

class StateDict {
 public:
  void insert(const std::string& name, const Tensor& tensor);  // replaces an existing name
  const Tensor* find(const std::string& name) const;
  const Tensor& at(const std::string& name) const;  // throws naming the missing key
  bool contains(const std::string& name) const { return find(name) != nullptr; }
  size_t size() const { return items_.size(); }
  std::vector<std::string> keys() const;
  const std::vector<std::pair<std::string, Tensor>>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<std::pair<std::string, Tensor>> items_;
};

using Metadata = std::map<std::string, std::string>;

// Writes the tensors (copied to the host) as a safetensors file: 8-byte
// little-endian header length, JSON header (dtype, shape, data_offsets per
// tensor, "__metadata__"), raw little-endian data. Atomic: a temporary file
// in the same folder, fsync, rename.
void save_safetensors(const std::string& path, const StateDict& tensors,
                      const Metadata& metadata = {});
// Reads a safetensors file onto the cpu. Throws an Error naming the file and
// what is wrong (truncated, bad header, offsets out of range, unknown dtype).
StateDict load_safetensors(const std::string& path, Metadata* metadata = nullptr);

}  // namespace axon
