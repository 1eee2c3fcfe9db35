#include "device.h"

#include <axon/error.h>

#include <fmt/format.h>

#include <cstring>
#include <memory>
#include <vector>

namespace axon::mlu {

MluDevice::MluDevice(int index, uint64_t capacity, std::string details)
    : index_(index),
      details_(std::move(details)),
      memory_(capacity),
      queue_(fmt::format("mlu:{}", index)) {}

DeviceInfo MluDevice::info() const {
  DeviceInfo info;
  info.name = "axon simulated MLU";
  info.memory_total = memory_.capacity();
  info.memory_free = memory_.capacity() - memory_.in_use();
  info.details = details_;
  return info;
}

void* MluDevice::allocate(size_t bytes) {
  void* ptr = memory_.allocate(bytes);
  if (ptr == nullptr) throw OutOfMemoryError(name(), bytes, memory_.in_use(), memory_.capacity());
  return ptr;
}

void MluDevice::deallocate(void* ptr, size_t) { memory_.release(ptr); }

// The source is staged, so the caller may free or reuse its buffer at once.
void MluDevice::copy_from_host(void* dst, const void* src, size_t bytes) {
  if (bytes == 0) return;
  auto staged = std::make_shared<std::vector<char>>(static_cast<const char*>(src),
                                                    static_cast<const char*>(src) + bytes);
  void* target = memory_.shadow(dst);
  queue_.submit("copy to device",
                [target, staged] { std::memcpy(target, staged->data(), staged->size()); });
}

void MluDevice::copy_to_host(void* dst, const void* src, size_t bytes) {
  queue_.synchronize();
  if (bytes) std::memcpy(dst, memory_.shadow(src), bytes);
}

void MluDevice::copy_within(void* dst, const void* src, size_t bytes) {
  if (bytes == 0 || dst == src) return;
  void* target = memory_.shadow(dst);
  const void* source = memory_.shadow(src);
  queue_.submit("copy within the device",
                [target, source, bytes] { std::memmove(target, source, bytes); });
}

void MluDevice::synchronize() { queue_.synchronize(); }

void MluDevice::launch(std::string_view op, const Kernel& kernel, const KernelArgs& args) {
  KernelArgs on_shadow = args;
  for (auto* list : {&on_shadow.in, &on_shadow.out})
    for (TensorArg& arg : *list) {
      AXON_ASSERT(memory_.contains(arg.base), "{}: a tensor of {} is not in the memory of {}", op,
                  arg.device ? arg.device->name() : "no device", name());
      arg.base = memory_.shadow(arg.base);
    }
  queue_.submit(fmt::format("kernel {}", op),
                [&kernel, on_shadow = std::move(on_shadow)] { kernel(on_shadow); });
}

}  // namespace axon::mlu
