// One line registers a cuda kernel, in the .cu file that defines it:
//   AXON_CUDA_KERNEL("relu", [](const KernelArgs& a) { ... });
// The .cu files cannot include axon/plugin.h (it pulls in fmt, which nvcc 13
// does not compile), so they fill this table while the plugin is opened, and
// plugin.cpp hands it to the Registrar.
#pragma once

#include <axon/kernels.h>

#include <string>
#include <utility>
#include <vector>

namespace axon::cuda {

std::vector<std::pair<std::string, Kernel>>& kernel_table();

struct KernelRegistration {
  KernelRegistration(const char* op, Kernel kernel) {
    kernel_table().emplace_back(op, std::move(kernel));
  }
};

}  // namespace axon::cuda

#define AXON_CUDA_CONCAT_INNER(a, b) a##b
#define AXON_CUDA_CONCAT(a, b) AXON_CUDA_CONCAT_INNER(a, b)
#define AXON_CUDA_KERNEL(op, ...)                                                                 \
  static const ::axon::cuda::KernelRegistration AXON_CUDA_CONCAT(axon_cuda_kernel_, __COUNTER__)( \
      op, __VA_ARGS__)
