// The simulated accelerator's memory. Its `capacity` bytes live at device
// addresses the host cannot touch: that range is mapped PROT_NONE, so a host
// dereference of an MLU pointer faults at once, as on a discrete device. The
// bytes themselves are in a shadow mapping of the same size that only the
// device's queue reads and writes; a device address becomes its shadow address
// by a fixed offset.
//
// Blocks are carved best-fit from that range, 256-byte aligned, and merged
// with their free neighbours when released. Reuse is queue-ordered, as in
// CUDA's caching allocator: a block released while queued kernels still read
// it can be handed out again at once, because whatever writes the new owner
// makes is queued after those kernels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>

namespace axon::mlu {

class DeviceMemory {
 public:
  static constexpr uint64_t kAlignment = 256;

  explicit DeviceMemory(uint64_t capacity);
  ~DeviceMemory();
  DeviceMemory(const DeviceMemory&) = delete;
  DeviceMemory& operator=(const DeviceMemory&) = delete;

  // A device address, or nullptr when no free block is large enough.
  void* allocate(size_t bytes);
  void release(void* device_ptr);
  // Where the queue reads and writes the byte at `device_ptr`.
  void* shadow(const void* device_ptr) const {
    return shadow_base_ + (static_cast<const char*>(device_ptr) - device_base_);
  }
  bool contains(const void* ptr) const {
    const char* p = static_cast<const char*>(ptr);
    return p >= device_base_ && p < device_base_ + capacity_;
  }
  uint64_t capacity() const { return capacity_; }
  uint64_t in_use() const;

 private:
  void add_free(uint64_t offset, uint64_t size);
  void remove_free(uint64_t offset, uint64_t size);

  uint64_t capacity_;
  char* device_base_ = nullptr;
  char* shadow_base_ = nullptr;
  mutable std::mutex mutex_;
  std::map<uint64_t, uint64_t> free_by_offset_;     // offset -> size
  std::multimap<uint64_t, uint64_t> free_by_size_;  // size -> offset
  std::unordered_map<uint64_t, uint64_t> used_;     // offset -> size
  uint64_t in_use_ = 0;
};

}  // namespace axon::mlu
