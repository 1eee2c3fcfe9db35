#include "allocator.h"

#include "status.h"

namespace axon::cuda {

namespace {

constexpr size_t kSmallGranularity = 512;
constexpr size_t kLargeGranularity = size_t{2} << 20;
constexpr size_t kLargeThreshold = size_t{1} << 20;

}  // namespace

size_t CachingAllocator::rounded(size_t bytes) {
  const size_t unit = bytes < kLargeThreshold ? kSmallGranularity : kLargeGranularity;
  return bytes == 0 ? unit : (bytes + unit - 1) / unit * unit;
}

CachingAllocator::~CachingAllocator() {
  // At process exit the CUDA runtime may already be torn down: errors are
  // ignored here, the driver reclaims the memory with the context.
  for (auto& [size, ptr] : free_) cudaFree(ptr);
}

void* CachingAllocator::allocate(size_t bytes) {
  const size_t size = rounded(bytes);
  std::lock_guard lock(mutex_);
  // The smallest cached block that fits, unless it would waste more than half.
  auto it = free_.lower_bound(size);
  if (it != free_.end() && it->first <= 2 * size) {
    void* ptr = it->second;
    live_.emplace(ptr, it->first);
    cached_ -= it->first;
    free_.erase(it);
    return ptr;
  }
  AXON_CUDA_CHECK(cudaSetDevice(device_));
  void* ptr = nullptr;
  cudaError_t status = cudaMalloc(&ptr, size);
  if (status == cudaErrorMemoryAllocation) {
    cudaGetLastError();  // clears the sticky allocation error
    free_cached_locked();
    status = cudaMalloc(&ptr, size);
    if (status == cudaErrorMemoryAllocation) {
      cudaGetLastError();
      return nullptr;
    }
  }
  AXON_CUDA_CHECK(status);
  live_.emplace(ptr, size);
  reserved_ += size;
  return ptr;
}

void CachingAllocator::release(void* ptr) {
  std::lock_guard lock(mutex_);
  auto it = live_.find(ptr);
  if (it == live_.end()) return;
  free_.emplace(it->second, ptr);
  cached_ += it->second;
  live_.erase(it);
}

void CachingAllocator::empty_cache() {
  std::lock_guard lock(mutex_);
  free_cached_locked();
}

// cudaFree waits for the device, so the blocks' queued users have finished.
void CachingAllocator::free_cached_locked() {
  AXON_CUDA_CHECK(cudaSetDevice(device_));
  for (auto& [size, ptr] : free_) {
    AXON_CUDA_CHECK(cudaFree(ptr));
    reserved_ -= size;
  }
  free_.clear();
  cached_ = 0;
}

size_t CachingAllocator::reserved() const {
  std::lock_guard lock(mutex_);
  return reserved_;
}

size_t CachingAllocator::cached() const {
  std::lock_guard lock(mutex_);
  return cached_;
}

}  // namespace axon::cuda
