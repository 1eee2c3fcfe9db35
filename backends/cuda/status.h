// Every CUDA, cuBLAS and cuDNN status is checked: a failure throws axon::Error
// naming the call, the status and the file and line (status.cpp). Usable from
// .cu files: nothing here includes fmt.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <cudnn.h>

#include <string>

namespace axon::cuda {

// Throws axon::Error with this message (for .cu files, which cannot use AXON_CHECK).
[[noreturn]] void fail(const std::string& message);

[[noreturn]] void throw_status(const char* library, const char* status, const char* message,
                               const char* call, const char* file, int line);

inline void check(cudaError_t status, const char* call, const char* file, int line) {
  if (status != cudaSuccess)
    throw_status("CUDA", cudaGetErrorName(status), cudaGetErrorString(status), call, file, line);
}

void check(cublasStatus_t status, const char* call, const char* file, int line);
void check(cudnnStatus_t status, const char* call, const char* file, int line);

}  // namespace axon::cuda

#define AXON_CUDA_CHECK(call) ::axon::cuda::check((call), #call, __FILE__, __LINE__)
// After a kernel launch: a bad configuration is reported by cudaGetLastError.
#define AXON_CUDA_CHECK_LAUNCH() AXON_CUDA_CHECK(cudaGetLastError())
