// The "cuda" device: one per GPU. Its kernels and copies run in order on one
// stream (so the caching allocator can reuse a freed block at once, and
// synchronize() is one stream wait), host transfers go through pinned
// staging buffers, and cuBLAS and cuDNN handles are made at first use.
// Usable from .cu files: nothing here includes fmt.
#pragma once

#include "allocator.h"
#include "status.h"

#include <axon/device.h>
#include <axon/kernels.h>

#include <cstdint>
#include <mutex>
#include <string>

namespace axon::cuda {

// Device code cannot throw: a kernel that meets a bad index writes it here
// (mapped host memory) and the host throws at the next synchronizing call,
// as the mlu reports its queue's errors.
struct KernelFault {
  int raised;
  int op;  // FaultOp
  long long index, dim, size;
};
// What kernels get: the first bad index claims the report through an atomic
// on device memory (atomics on mapped host memory need PCIe atomics to be
// atomic at all), then writes the report to the host.
struct FaultSlot {
  int* claim;
  KernelFault* report;
};
enum FaultOp : int { kFaultGather = 1, kFaultScatterAdd, kFaultIndexSelect, kFaultIndexAdd };

// Host memory the GPU can copy from and to at full speed (cudaMallocHost).
class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  ~PinnedBuffer();
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  // Grows to at least `bytes` (the old contents are dropped).
  char* reserve(size_t bytes);

 private:
  char* data_ = nullptr;
  size_t capacity_ = 0;
};

class CudaDevice : public Device {
 public:
  CudaDevice(int index, const cudaDeviceProp& properties);
  ~CudaDevice() override;

  // The device of a kernel's tensors, made current for the calling thread.
  static CudaDevice& of(const KernelArgs& args);

  std::string type() const override { return "cuda"; }
  int index() const override { return index_; }
  DeviceInfo info() const override;

  void* allocate(size_t bytes) override;
  void deallocate(void* ptr, size_t bytes) override;
  void copy_from_host(void* dst, const void* src, size_t bytes) override;
  void copy_to_host(void* dst, const void* src, size_t bytes) override;
  void copy_within(void* dst, const void* src, size_t bytes) override;
  void synchronize() override;
  void empty_cache() override;

  // Makes this GPU the calling thread's current device.
  void activate() const;
  cudaStream_t stream() const { return stream_; }
  cublasHandle_t cublas();
  cudnnHandle_t cudnn();
  FaultSlot fault_slot() const { return {fault_claim_, fault_device_}; }
  int multiprocessors() const { return multiprocessors_; }

 private:
  // Throws the fault a kernel recorded, if any (after a stream wait).
  void raise_fault();

  int index_;
  std::string name_;
  int major_, minor_, multiprocessors_;
  cudaStream_t stream_ = nullptr;
  CachingAllocator allocator_;
  std::once_flag cublas_once_, cudnn_once_;
  cublasHandle_t cublas_ = nullptr;
  cudnnHandle_t cudnn_ = nullptr;
  std::mutex upload_mutex_, download_mutex_;
  PinnedBuffer upload_, download_;
  cudaEvent_t upload_done_ = nullptr;
  KernelFault* fault_host_ = nullptr;
  KernelFault* fault_device_ = nullptr;
  int* fault_claim_ = nullptr;  // device memory, 0 until a fault claims the report
};

// Device memory for a kernel's temporaries (workspaces, partial sums), from
// the device's caching allocator; freed when the launching function returns,
// which is safe because later users queue behind the kernel on the stream.
class Scratch {
 public:
  Scratch(CudaDevice& device, size_t bytes)
      : device_(device), bytes_(bytes), ptr_(device.allocate(bytes)) {}
  ~Scratch() { device_.deallocate(ptr_, bytes_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  template <class T = void>
  T* get() const {
    return static_cast<T*>(ptr_);
  }

 private:
  CudaDevice& device_;
  size_t bytes_;
  void* ptr_;
};

}  // namespace axon::cuda
