// Registers device type "cuda" and its kernels.
//
// The plugin loads without a GPU or driver (the runtime is linked
// statically): the type is then registered with no devices and the runtime's
// reason ("cudaErrorInsufficientDriver: CUDA driver version is insufficient
// for CUDA runtime version"), which `axon devices` shows and device("cuda")
// throws.
#include "device.h"
#include "registry.h"

#include <axon/error.h>
#include <axon/plugin.h>

#include <fmt/format.h>

#include <memory>

namespace axon::cuda {

std::vector<std::pair<std::string, Kernel>>& kernel_table() {
  static std::vector<std::pair<std::string, Kernel>> table;
  return table;
}

namespace {

std::vector<std::unique_ptr<Device>> make_devices(std::string& unavailable_reason) {
  std::vector<std::unique_ptr<Device>> devices;
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    unavailable_reason =
        fmt::format("{}: {}", cudaGetErrorName(status), cudaGetErrorString(status));
    cudaGetLastError();
    return devices;
  }
  if (count == 0) {
    unavailable_reason = "no CUDA GPU found (cudaGetDeviceCount gave 0)";
    return devices;
  }
  try {
    for (int i = 0; i < count; ++i) {
      cudaDeviceProp properties{};
      AXON_CUDA_CHECK(cudaGetDeviceProperties(&properties, i));
      devices.push_back(std::make_unique<CudaDevice>(i, properties));
    }
  } catch (const Error& e) {
    devices.clear();
    unavailable_reason = e.what();
  }
  return devices;
}

// Above cpu: a GPU, when there is one, is the device to train on.
void register_cuda(Registrar& registrar) {
  registrar.add_device_type("cuda", 20, make_devices);
  for (const auto& [op, kernel] : kernel_table()) registrar.add_kernel(op, "cuda", kernel);
}

}  // namespace

AXON_REGISTER(register_cuda);

}  // namespace axon::cuda
