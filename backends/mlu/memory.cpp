#include "memory.h"

#include <axon/error.h>

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <iterator>

namespace axon::mlu {
namespace {

// Address space only: MAP_NORESERVE so that a large capacity costs nothing
// until the device writes to it.
char* map_range(uint64_t bytes, int protection, const char* what) {
  void* p = mmap(nullptr, bytes, protection, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  AXON_CHECK(p != MAP_FAILED, "mlu: cannot map {} bytes for the {}: {}", bytes, what,
             std::strerror(errno));
  return static_cast<char*>(p);
}

uint64_t round_up(uint64_t bytes) {
  const uint64_t size = bytes == 0 ? 1 : bytes;
  return (size + DeviceMemory::kAlignment - 1) / DeviceMemory::kAlignment *
         DeviceMemory::kAlignment;
}

}  // namespace

DeviceMemory::DeviceMemory(uint64_t capacity) : capacity_(round_up(capacity)) {
  device_base_ = map_range(capacity_, PROT_NONE, "device address range");
  try {
    shadow_base_ = map_range(capacity_, PROT_READ | PROT_WRITE, "device memory");
  } catch (...) {
    munmap(device_base_, capacity_);
    throw;
  }
  add_free(0, capacity_);
}

DeviceMemory::~DeviceMemory() {
  munmap(shadow_base_, capacity_);
  munmap(device_base_, capacity_);
}

void* DeviceMemory::allocate(size_t bytes) {
  const uint64_t size = round_up(bytes);
  std::lock_guard lock(mutex_);
  auto fit = free_by_size_.lower_bound(size);
  if (fit == free_by_size_.end()) return nullptr;
  const uint64_t offset = fit->second, block = fit->first;
  remove_free(offset, block);
  if (block > size) add_free(offset + size, block - size);
  used_.emplace(offset, size);
  in_use_ += size;
  return device_base_ + offset;
}

void DeviceMemory::release(void* device_ptr) {
  AXON_ASSERT(contains(device_ptr), "mlu: release of {} which is not device memory", device_ptr);
  uint64_t offset = static_cast<uint64_t>(static_cast<char*>(device_ptr) - device_base_);
  std::lock_guard lock(mutex_);
  auto it = used_.find(offset);
  AXON_ASSERT(it != used_.end(), "mlu: release of {} which is not an allocated block", device_ptr);
  uint64_t size = it->second;
  used_.erase(it);
  in_use_ -= size;
  // Merge with the free neighbours on both sides.
  auto next = free_by_offset_.lower_bound(offset);
  if (next != free_by_offset_.end() && next->first == offset + size) {
    size += next->second;
    remove_free(next->first, next->second);
  }
  auto after = free_by_offset_.lower_bound(offset);
  if (after != free_by_offset_.begin()) {
    auto prev = std::prev(after);
    if (prev->first + prev->second == offset) {
      offset = prev->first;
      size += prev->second;
      remove_free(prev->first, prev->second);
    }
  }
  add_free(offset, size);
}

uint64_t DeviceMemory::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

void DeviceMemory::add_free(uint64_t offset, uint64_t size) {
  free_by_offset_.emplace(offset, size);
  free_by_size_.emplace(size, offset);
}

void DeviceMemory::remove_free(uint64_t offset, uint64_t size) {
  free_by_offset_.erase(offset);
  auto [first, last] = free_by_size_.equal_range(size);
  for (auto it = first; it != last; ++it)
    if (it->second == offset) {
      free_by_size_.erase(it);
      return;
    }
  AXON_ASSERT(false, "mlu: free block at {} of {} bytes is missing from the size index", offset,
              size);
}

}  // namespace axon::mlu
