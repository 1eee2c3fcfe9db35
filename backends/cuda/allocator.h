// A caching allocator for one GPU, as PyTorch's: freed blocks are kept and
// handed out again for requests of about their size, so training loops stop
// calling cudaMalloc/cudaFree (which synchronize the device) after the first
// step. Reuse needs no events because every kernel and copy of a device runs
// on its one stream, in order: a block freed on the host after its last use
// was queued is only touched again by work queued later.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <unordered_map>

namespace axon::cuda {

class CachingAllocator {
 public:
  explicit CachingAllocator(int device) : device_(device) {}
  ~CachingAllocator();
  CachingAllocator(const CachingAllocator&) = delete;
  CachingAllocator& operator=(const CachingAllocator&) = delete;

  // nullptr when cudaMalloc fails even after the cache was emptied.
  void* allocate(size_t bytes);
  void release(void* ptr);
  // Returns the cached blocks to the driver (cudaFree).
  void empty_cache();

  size_t reserved() const;  // bytes held from the driver, live or cached
  size_t cached() const;    // of which cached, free for reuse

  // Requests are rounded up to this granularity (cudaMalloc aligns to 256 anyway).
  static size_t rounded(size_t bytes);

 private:
  void free_cached_locked();

  int device_;
  mutable std::mutex mutex_;
  std::unordered_map<void*, size_t> live_;  // pointer -> block size
  std::multimap<size_t, void*> free_;       // cached blocks by size
  size_t reserved_ = 0;
  size_t cached_ = 0;
};

}  // namespace axon::cuda
