// matmul (kernels.h, family "matmul") as one strided-batched cuBLAS gemm:
//   out (B, M, N) = alpha * op(a) op(b) + beta * out
// a (B, M, K), or (B, K, M) when trans_a; b (B, K, N), or (B, N, K) when
// trans_b. The inner two dims of a and b are row-major (the row stride may
// exceed the row length); the batch stride may be anything, 0 to broadcast,
// which cuBLAS's strided-batched gemm takes as it is. out is contiguous.
// blas.h explains the row-major to column-major mapping and the precision.
#include "blas.h"
#include "device.h"
#include "registry.h"

#include <axon/error.h>

namespace axon::cuda {
namespace {

// The batch stride; an operand of batch size 1 is repeated.
int64_t batch_stride(const TensorArg& m) { return m.shape[0] == 1 ? 0 : m.strides[0]; }

// An empty sum (K == 0): out = beta * out, and exactly 0 when beta is 0 (even
// where out held NaN), as the cpu kernel gives. Done here rather than trusting
// cuBLAS's k == 0 path, whose beta handling is not spelled out.
template <class T>
void scale_output(CudaDevice& device, const TensorArg& out, T beta) {
  const int64_t count = out.numel();
  if (beta == T(0)) {
    // All-zero bytes are +0.0 in IEEE float and double.
    AXON_CUDA_CHECK(
        cudaMemsetAsync(out.data<T>(), 0, static_cast<size_t>(count) * sizeof(T), device.stream()));
  } else if (beta != T(1)) {
    if constexpr (std::is_same_v<T, float>)
      AXON_CUDA_CHECK(cublasSscal_64(device.cublas(), count, &beta, out.data<T>(), 1));
    else
      AXON_CUDA_CHECK(cublasDscal_64(device.cublas(), count, &beta, out.data<T>(), 1));
  }
}

template <class T>
void matmul_as(CudaDevice& device, const KernelArgs& args) {
  const TensorArg &a = args.in[0], &b = args.in[1], &out = args.out[0];
  const int64_t batch = out.shape[0], m = out.shape[1], n = out.shape[2];
  const int64_t k = args.trans_a ? a.shape[1] : a.shape[2];
  if (batch == 0 || m == 0 || n == 0) return;
  const T alpha = static_cast<T>(args.alpha), beta = static_cast<T>(args.beta);
  if (k == 0) return scale_output<T>(device, out, beta);
  const int64_t lda = matmul_leading_dim(a, "first input"),
                ldb = matmul_leading_dim(b, "second input");
  // out's rows are contiguous: ldc = N, batch stride M * N.
  gemm_row_major<T>(device.cublas(), args.trans_a, args.trans_b, m, n, k, alpha, a.data<T>(), lda,
                    batch_stride(a), b.data<T>(), ldb, batch_stride(b), beta, out.data<T>(), n,
                    m * n, batch);
}

void matmul(const KernelArgs& args) {
  const TensorArg &a = args.in[0], &b = args.in[1], &out = args.out[0];
  AXON_ASSERT(a.dim() == 3 && b.dim() == 3 && out.dim() == 3 && out.is_contiguous(),
              "matmul: expected 3-D operands and a contiguous output, got {}, {} -> {}", a.shape,
              b.shape, out.shape);
  AXON_CHECK(a.dtype == b.dtype && a.dtype == out.dtype,
             "matmul: operands of one dtype expected, got {}, {} -> {}", dtype_name(a.dtype),
             dtype_name(b.dtype), dtype_name(out.dtype));
  CudaDevice& device = CudaDevice::of(args);
  switch (a.dtype) {
    case DType::f32:
      return matmul_as<float>(device, args);
    case DType::f64:
      return matmul_as<double>(device, args);
    default:
      AXON_CHECK(false, "matmul: dtype {} is not supported by the cuda kernel (f32, f64)",
                 dtype_name(a.dtype));
  }
}

AXON_CUDA_KERNEL("matmul", matmul);

}  // namespace
}  // namespace axon::cuda
