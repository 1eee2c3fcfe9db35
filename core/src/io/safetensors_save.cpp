// save_safetensors: u64 little-endian header length N, N bytes of JSON
// ({"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__":
// {...}}), then every tensor's bytes back to back, little-endian, row-major.
#include <axon/error.h>
#include <axon/state_dict.h>

#include <bit>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "io/safetensors_dtype.h"

namespace axon {

static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian data; a big-endian host needs byte swaps");

namespace {

// A tensor's bytes as the file stores them: on the host, contiguous.
struct HostTensor {
  Tensor tensor;
  uint64_t bytes;
  const void* data() const {
    AXON_ASSERT(tensor.device().is_host(), "save_safetensors: expected a host tensor, got {}",
                tensor.device().name());
    return static_cast<const char*>(tensor.impl()->storage->data()) +
           tensor.offset() * static_cast<int64_t>(dtype_size(tensor.dtype()));
  }
};

HostTensor to_host(const std::string& path, const std::string& name, const Tensor& tensor) {
  AXON_CHECK(tensor.defined(), "save_safetensors: '{}': tensor '{}' is undefined", path, name);
  Tensor host = tensor.detach().to("cpu").contiguous();
  return {host, static_cast<uint64_t>(host.numel()) * dtype_size(host.dtype())};
}

// The header, padded with spaces so that the data starts 8-byte aligned.
std::string header_text(const nlohmann::ordered_json& header) {
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  return text;
}

void write_u64_le(io::AtomicFile& file, uint64_t value) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(value >> (8 * i));
  file.write(bytes, sizeof bytes);
}

}  // namespace

void save_safetensors(const std::string& path, const StateDict& tensors, const Metadata& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<HostTensor> host;
  host.reserve(tensors.size());
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    AXON_CHECK(!name.empty() && name != "__metadata__",
               "save_safetensors: '{}': a tensor cannot be named '{}'", path, name);
    host.push_back(to_host(path, name, tensor));
    const Tensor& t = host.back().tensor;
    header[name] = {{"dtype", io::safetensors_dtype_name(t.dtype())},
                    {"shape", t.shape()},
                    {"data_offsets", {offset, offset + host.back().bytes}}};
    offset += host.back().bytes;
  }
  const std::string text = header_text(header);
  io::AtomicFile file(path, "save_safetensors");
  write_u64_le(file, text.size());
  file.write(text.data(), text.size());
  for (const HostTensor& t : host) {
    if (t.bytes > 0) file.write(t.data(), t.bytes);
  }
  file.commit();
}

}  // namespace axon
