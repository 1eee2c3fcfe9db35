// Row-major gemm on cuBLAS, shared by matmul.cpp and conv.cpp's im2col path.
// Host code; nothing here includes fmt.
//
// cuBLAS is column-major, and a row-major (rows, cols) matrix with row stride
// ld is the column-major (cols, rows) matrix with leading dimension ld, i.e.
// its transpose. So the row-major C = op(A) op(B) is computed as the
// column-major C^T = op(B)^T op(A)^T: the operands swap places (B first), m
// and n swap, and each operand keeps its own transpose flag and leading
// dimension. No data moves.
//
// Precision: the handles are created with CUBLAS_DEFAULT_MATH, which never
// uses TF32 tensor cores for f32 (that takes CUBLAS_TF32_TENSOR_OP_MATH), so
// f32 results stay within rounding of the cpu's OpenBLAS; PyTorch's default
// for matmul is the same. f64 may use the FP64 tensor cores (DMMA), which are
// IEEE double.
#pragma once

#include "status.h"

#include <cstdint>
#include <type_traits>

namespace axon::cuda {

// c[i] (m, n) = alpha op(a[i]) op(b[i]) + beta c[i] for i < batch. Every
// matrix is row-major with the given leading dimension (row stride); the
// i-th matrix starts i * stride elements after the first (0 repeats one).
// op(a) is (m, k): a is (m, k), or (k, m) when trans_a; op(b) is (k, n): b is
// (k, n), or (n, k) when trans_b. c is not read when beta is 0 (cuBLAS's rule).
template <class T>
void gemm_row_major(cublasHandle_t handle, bool trans_a, bool trans_b, int64_t m, int64_t n,
                    int64_t k, T alpha, const T* a, int64_t lda, int64_t stride_a, const T* b,
                    int64_t ldb, int64_t stride_b, T beta, T* c, int64_t ldc, int64_t stride_c,
                    int64_t batch) {
  const cublasOperation_t op_b = trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t op_a = trans_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  // The 64-bit (ILP64) entry points: no 32-bit limit on sizes or batch count.
  if constexpr (std::is_same_v<T, float>) {
    AXON_CUDA_CHECK(cublasSgemmStridedBatched_64(handle, op_b, op_a, n, m, k, &alpha, b, ldb,
                                                 stride_b, a, lda, stride_a, &beta, c, ldc,
                                                 stride_c, batch));
  } else {
    static_assert(std::is_same_v<T, double>, "gemm_row_major: float or double");
    AXON_CUDA_CHECK(cublasDgemmStridedBatched_64(handle, op_b, op_a, n, m, k, &alpha, b, ldb,
                                                 stride_b, a, lda, stride_a, &beta, c, ldc,
                                                 stride_c, batch));
  }
}

}  // namespace axon::cuda
