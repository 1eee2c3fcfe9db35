// Cases of the batched gemm: torch.matmul's 1-D, 2-D and batched forms,
// broadcast batches (batch stride 0), transposed operands (trans_a, trans_b
// instead of a copy), and alpha/beta accumulation called through the dispatcher.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

using In = CaseInputs&;

TensorList product(In in, const Shape& a, const Shape& b) {
  return {matmul(in.input(a), in.input(b))};
}

// out (2, 3, 5) = 0.5 a (2, 3, 4) b (2, 4, 5) + 2 out.
TensorList accumulate(In in) {
  const Tensor a = in.input({2, 3, 4}), b = in.input({2, 4, 5});
  const Tensor out = in.constant({2, 3, 5});
  KernelArgs args;
  args.alpha = 0.5;
  args.beta = 2.0;
  return {call_primitive("matmul", args, {a, b}, out)};
}

void add_matmul_cases(CaseList& cases) {
  cases.insert(
      cases.end(),
      {
          {"matmul", "7x13 @ 13x5", kNmseGemm,
           [](In in) {
             return product(in, {7, 13}, {13, 5});
           }},
          {"matmul", "13 @ 13x5", kNmseGemm,
           [](In in) {
             return product(in, {13}, {13, 5});
           }},
          {"matmul", "7x13 @ 13", kNmseGemm,
           [](In in) {
             return product(in, {7, 13}, {13});
           }},
          {"matmul", "13 @ 13", kNmseGemm, [](In in) { return product(in, {13}, {13}); }},
          {"matmul", "1x13 @ 13x1", kNmseGemm,
           [](In in) {
             return product(in, {1, 13}, {13, 1});
           }},
          {"matmul", "2x7x13 @ 2x13x5", kNmseGemm,
           [](In in) {
             return product(in, {2, 7, 13}, {2, 13, 5});
           }},
          {"matmul", "2x1x7x13 @ 3x13x5 (broadcast batch)", kNmseGemm,
           [](In in) {
             return product(in, {2, 1, 7, 13}, {3, 13, 5});
           }},
          {"matmul", "7x13 @ 2x13x5 (broadcast batch)", kNmseGemm,
           [](In in) {
             return product(in, {7, 13}, {2, 13, 5});
           }},
          {"matmul", "(13x7)^T @ 13x5 (trans_a)", kNmseGemm,
           [](In in) {
             return TensorList{matmul(in.input({13, 7}).t(), in.input({13, 5}))};
           }},
          {"matmul", "7x13 @ (5x13)^T (trans_b)", kNmseGemm,
           [](In in) {
             return TensorList{matmul(in.input({7, 13}), in.input({5, 13}).t())};
           }},
          {"matmul", "7x13 sliced from 7x20 @ 13x5", kNmseGemm,
           [](In in) {
             return TensorList{matmul(in.input({7, 20}).narrow(1, 4, 13), in.input({13, 5}))};
           }},
          {"matmul", "alpha 0.5, beta 2 on 2x3x4 @ 2x4x5", kNmseGemm, accumulate},
      });
}

const CaseFamily kFamily(add_matmul_cases);

}  // namespace
}  // namespace axon::conformance
