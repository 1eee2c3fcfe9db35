#include "device.h"

#include "host_info.h"
#include "openblas.h"
#include "parallel.h"

#include <axon/error.h>
#include <axon/plugin.h>

#include <cstring>
#include <new>

namespace axon::cpu {

DeviceInfo CpuDevice::info() const {
  const OpenBlas& blas = openblas();
  const HostMemory memory = host_memory();
  const std::string core_type =
      blas.core_type.empty()
          ? "unset"
          : blas.core_type + (blas.core_type_from_user ? " (from the user)" : " (set by axon)");
  DeviceInfo info;
  info.name = fmt::format("{} ({} threads)", cpu_model_name(), num_threads());
  info.memory_total = memory.total;
  info.memory_free = memory.available;
  info.details = fmt::format("{}; core {}; OPENBLAS_CORETYPE {}; {}", blas.get_config(),
                             blas.get_corename(), core_type, blas.path);
  return info;
}

void* CpuDevice::allocate(size_t bytes) {
  // operator new gives a distinct pointer for zero bytes too, so empty
  // tensors need no special case.
  void* ptr = ::operator new (bytes, std::align_val_t{kAlignment}, std::nothrow);
  if (ptr == nullptr)
    throw OutOfMemoryError(name(), bytes, stats().bytes_in_use, host_memory().total);
  return ptr;
}

void CpuDevice::deallocate(void* ptr, size_t) {
  ::operator delete (ptr, std::align_val_t{kAlignment});
}

void CpuDevice::copy_from_host(void* dst, const void* src, size_t bytes) {
  if (bytes > 0) std::memcpy(dst, src, bytes);
}

void CpuDevice::copy_to_host(void* dst, const void* src, size_t bytes) {
  if (bytes > 0) std::memcpy(dst, src, bytes);
}

void CpuDevice::copy_within(void* dst, const void* src, size_t bytes) {
  if (bytes > 0 && dst != src) std::memmove(dst, src, bytes);
}

namespace {

// Loading OpenBLAS here, while the plugin registers, makes a missing library
// reject the plugin with the dlerror text instead of failing the first matmul.
// One thread count (AXON_NUM_THREADS, else OpenMP's default) for OpenBLAS
// (set in openblas()) and for OpenMP.
void register_cpu_device(Registrar& registrar) {
  openblas();
  omp_set_num_threads(num_threads());
  registrar.add_device_type("cpu", 10, [](std::string&) {
    std::vector<std::unique_ptr<Device>> devices;
    devices.push_back(std::make_unique<CpuDevice>());
    return devices;
  });
}

}  // namespace

AXON_REGISTER(register_cpu_device);

}  // namespace axon::cpu
