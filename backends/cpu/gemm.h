// One row-major gemm through OpenBLAS, for float or double:
//   c (m, n) = alpha * op(a) op(b) + beta * c
#pragma once

#include "openblas.h"

#include <type_traits>

namespace axon::cpu {

template <class T>
void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m, blasint n, blasint k, T alpha,
          const T* a, blasint lda, const T* b, blasint ldb, T beta, T* c, blasint ldc) {
  if constexpr (std::is_same_v<T, float>) {
    openblas().sgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else {
    openblas().dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
}

}  // namespace axon::cpu
