// Batched gemm through OpenBLAS:
//   out (B, M, N) = alpha * op(a) op(b) + beta * out
// a (B, M, K), or (B, K, M) when trans_a; b (B, K, N), or (B, N, K) when
// trans_b. The inner two dims of a and b are row-major (the row stride may
// exceed the row length); the batch stride may be anything, 0 to broadcast.
// out is contiguous. f32/f64.
#include "dtype_dispatch.h"
#include "elementwise.h"
#include "gemm.h"

#include <axon/plugin.h>

#include <climits>

namespace axon::cpu {
namespace {

void matmul(const KernelArgs& args) {
  const TensorArg& a = args.in[0];
  const TensorArg& b = args.in[1];
  const TensorArg& out = args.out[0];
  AXON_ASSERT(a.dim() == 3 && b.dim() == 3 && out.dim() == 3 && out.is_contiguous(),
              "matmul: expected 3-D operands and a contiguous output, got {}, {} -> {}", a.shape,
              b.shape, out.shape);
  const int64_t batch = out.shape[0], m = out.shape[1], n = out.shape[2];
  const int64_t k = args.trans_a ? a.shape[1] : a.shape[2];
  for (int64_t size : {m, n, k, a.strides[1], b.strides[1]}) {
    AXON_CHECK(size <= INT_MAX, "matmul: dimension {} exceeds OpenBLAS's 32-bit limit", size);
  }
  dispatch(Floating{}, a.dtype, "matmul", [&](auto tag) {
    using T = decltype(tag);
    check_same_dtype("matmul", dtype_of<T>(), b.dtype, "second input");
    check_same_dtype("matmul", dtype_of<T>(), out.dtype, "output");
    if (batch == 0 || m == 0 || n == 0) return;
    const T beta = static_cast<T>(args.beta);
    if (k == 0) {  // an empty sum: out = beta * out, and exactly 0 when beta is 0 (NaN in out too)
      elementwise<T, T>([beta](T c) { return beta == T(0) ? T(0) : beta * c; }, out, out);
      return;
    }
    const int64_t lda = matmul_leading_dim(a, "first input"),
                  ldb = matmul_leading_dim(b, "second input");
    const auto ta = args.trans_a ? CblasTrans : CblasNoTrans;
    const auto tb = args.trans_b ? CblasTrans : CblasNoTrans;
    for (int64_t i = 0; i < batch; ++i) {
      gemm<T>(ta, tb, m, n, k, static_cast<T>(args.alpha), a.data<T>() + i * a.strides[0], lda,
              b.data<T>() + i * b.strides[0], ldb, beta, out.data<T>() + i * m * n, n);
    }
  });
}

void register_matmul(Registrar& r) { r.add_kernel("matmul", "cpu", matmul); }

}  // namespace

AXON_REGISTER(register_matmul);

}  // namespace axon::cpu
