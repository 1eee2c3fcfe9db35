#include "status.h"

#include <axon/error.h>

#include <fmt/format.h>

namespace axon::cuda {

// Through throw_error, as the cpu's AXON_CHECK, so an ErrorContext prefixes it.
void fail(const std::string& message) { throw_error(message); }

void throw_status(const char* library, const char* status, const char* message, const char* call,
                  const char* file, int line) {
  throw Error(fmt::format("cuda: {} call {} failed with {} ({}) at {}:{}", library, call, status,
                          message, file, line));
}

void check(cublasStatus_t status, const char* call, const char* file, int line) {
  if (status != CUBLAS_STATUS_SUCCESS)
    throw_status("cuBLAS", cublasGetStatusName(status), cublasGetStatusString(status), call, file,
                 line);
}

void check(cudnnStatus_t status, const char* call, const char* file, int line) {
  if (status != CUDNN_STATUS_SUCCESS)
    throw_status("cuDNN", cudnnGetErrorString(status), "see the cuDNN log (CUDNN_LOGERR_DBG=1)",
                 call, file, line);
}

}  // namespace axon::cuda
