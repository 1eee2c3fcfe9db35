#include "device.h"

#include <axon/error.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace axon::cuda {

namespace {

// Transfers larger than this go through the staging buffers in pieces.
constexpr size_t kStagingChunk = size_t{32} << 20;

const char* fault_op_name(int op) {
  switch (op) {
    case kFaultGather:
      return "gather";
    case kFaultScatterAdd:
      return "scatter_add";
    case kFaultIndexSelect:
      return "index_select";
    case kFaultIndexAdd:
      return "index_add";
  }
  return "kernel";
}

}  // namespace

PinnedBuffer::~PinnedBuffer() {
  if (data_) cudaFreeHost(data_);
}

char* PinnedBuffer::reserve(size_t bytes) {
  if (bytes <= capacity_) return data_;
  if (data_) AXON_CUDA_CHECK(cudaFreeHost(data_));
  data_ = nullptr;
  capacity_ = 0;
  void* ptr = nullptr;
  AXON_CUDA_CHECK(cudaMallocHost(&ptr, bytes));
  data_ = static_cast<char*>(ptr);
  capacity_ = bytes;
  return data_;
}

CudaDevice::CudaDevice(int index, const cudaDeviceProp& properties)
    : index_(index),
      name_(properties.name),
      major_(properties.major),
      minor_(properties.minor),
      multiprocessors_(properties.multiProcessorCount),
      allocator_(index) {
  AXON_CUDA_CHECK(cudaSetDevice(index_));
  AXON_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
  AXON_CUDA_CHECK(cudaEventCreateWithFlags(&upload_done_, cudaEventDisableTiming));
  void* fault = nullptr;
  AXON_CUDA_CHECK(cudaHostAlloc(&fault, sizeof(KernelFault), cudaHostAllocMapped));
  fault_host_ = static_cast<KernelFault*>(fault);
  std::memset(fault_host_, 0, sizeof(KernelFault));
  void* mapped = nullptr;
  AXON_CUDA_CHECK(cudaHostGetDevicePointer(&mapped, fault, 0));
  fault_device_ = static_cast<KernelFault*>(mapped);
  AXON_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&fault_claim_), sizeof(int)));
  AXON_CUDA_CHECK(cudaMemset(fault_claim_, 0, sizeof(int)));
}

// The core keeps devices until the process exits, when the runtime may be
// gone already: statuses are not checked here.
CudaDevice::~CudaDevice() {
  if (cudnn_) cudnnDestroy(cudnn_);
  if (cublas_) cublasDestroy(cublas_);
  if (upload_done_) cudaEventDestroy(upload_done_);
  if (fault_host_) cudaFreeHost(fault_host_);
  if (fault_claim_) cudaFree(fault_claim_);
  if (stream_) cudaStreamDestroy(stream_);
}

CudaDevice& CudaDevice::of(const KernelArgs& args) {
  const TensorArg& first = args.out.empty() ? args.in.at(0) : args.out[0];
  auto& device = static_cast<CudaDevice&>(*first.device);
  device.activate();
  return device;
}

void CudaDevice::activate() const {
  // cudaSetDevice is cheap but not free; most programs use one GPU.
  thread_local int current = -1;
  if (current == index_) return;
  AXON_CUDA_CHECK(cudaSetDevice(index_));
  current = index_;
}

DeviceInfo CudaDevice::info() const {
  activate();
  size_t free_bytes = 0, total_bytes = 0;
  AXON_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  DeviceInfo info;
  info.name = name_;
  info.memory_total = total_bytes;
  info.memory_free = free_bytes;
  info.details = fmt::format(
      "compute capability {}.{}, {} SMs; driver {}.{}, runtime {}.{}, cuDNN {}; "
      "caching allocator: {:.1f} MiB reserved, {:.1f} MiB cached",
      major_, minor_, multiprocessors_, driver / 1000, driver % 1000 / 10, runtime / 1000,
      runtime % 1000 / 10, cudnnGetVersion(), allocator_.reserved() / 1048576.0,
      allocator_.cached() / 1048576.0);
  return info;
}

// Activated first: the allocator's cudaSetDevice would otherwise change the
// thread's device behind activate()'s cache (another GPU's kernels would then
// launch here).
void* CudaDevice::allocate(size_t bytes) {
  activate();
  void* ptr = allocator_.allocate(bytes);
  if (ptr == nullptr) {
    size_t free_bytes = 0, total_bytes = 0;
    cudaMemGetInfo(&free_bytes, &total_bytes);
    throw OutOfMemoryError(name(), bytes, total_bytes - free_bytes, total_bytes);
  }
  return ptr;
}

void CudaDevice::deallocate(void* ptr, size_t) { allocator_.release(ptr); }

void CudaDevice::empty_cache() {
  activate();
  allocator_.empty_cache();
}

// Staged through pinned memory, so the caller may reuse its buffer at once;
// the event makes the next upload wait until this one has left the buffer.
void CudaDevice::copy_from_host(void* dst, const void* src, size_t bytes) {
  activate();
  std::lock_guard lock(upload_mutex_);
  for (size_t done = 0; done < bytes;) {
    const size_t n = std::min(bytes - done, kStagingChunk);
    AXON_CUDA_CHECK(cudaEventSynchronize(upload_done_));
    char* staging = upload_.reserve(std::min(bytes, kStagingChunk));
    std::memcpy(staging, static_cast<const char*>(src) + done, n);
    AXON_CUDA_CHECK(cudaMemcpyAsync(static_cast<char*>(dst) + done, staging, n,
                                    cudaMemcpyHostToDevice, stream_));
    AXON_CUDA_CHECK(cudaEventRecord(upload_done_, stream_));
    done += n;
  }
}

void CudaDevice::copy_to_host(void* dst, const void* src, size_t bytes) {
  activate();
  std::lock_guard lock(download_mutex_);
  for (size_t done = 0; done < bytes;) {
    const size_t n = std::min(bytes - done, kStagingChunk);
    char* staging = download_.reserve(std::min(bytes, kStagingChunk));
    AXON_CUDA_CHECK(cudaMemcpyAsync(staging, static_cast<const char*>(src) + done, n,
                                    cudaMemcpyDeviceToHost, stream_));
    AXON_CUDA_CHECK(cudaStreamSynchronize(stream_));
    std::memcpy(static_cast<char*>(dst) + done, staging, n);
    done += n;
  }
  raise_fault();
}

void CudaDevice::copy_within(void* dst, const void* src, size_t bytes) {
  if (bytes == 0 || dst == src) return;
  activate();
  AXON_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, stream_));
}

void CudaDevice::synchronize() {
  activate();
  AXON_CUDA_CHECK(cudaStreamSynchronize(stream_));
  raise_fault();
}

void CudaDevice::raise_fault() {
  if (!fault_host_->raised) return;
  const KernelFault fault = *fault_host_;
  std::memset(fault_host_, 0, sizeof(KernelFault));
  // The stream is idle here; later kernels queue behind the reset.
  AXON_CUDA_CHECK(cudaMemsetAsync(fault_claim_, 0, sizeof(int), stream_));
  const char* op = fault_op_name(fault.op);
  throw Error(fmt::format(
      "{}: kernel {} failed on the device's stream (reported at the next synchronizing call): "
      "{}: index {} is out of range for dimension {} with size {} (expected 0 <= index < {})",
      name(), op, op, fault.index, fault.dim, fault.size, fault.size));
}

cublasHandle_t CudaDevice::cublas() {
  std::call_once(cublas_once_, [this] {
    activate();
    AXON_CUDA_CHECK(cublasCreate(&cublas_));
    AXON_CUDA_CHECK(cublasSetStream(cublas_, stream_));
  });
  return cublas_;
}

cudnnHandle_t CudaDevice::cudnn() {
  std::call_once(cudnn_once_, [this] {
    activate();
    AXON_CUDA_CHECK(cudnnCreate(&cudnn_));
    AXON_CUDA_CHECK(cudnnSetStream(cudnn_, stream_));
  });
  return cudnn_;
}

}  // namespace axon::cuda
