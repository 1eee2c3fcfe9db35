// Cases of fill (out = alpha, any dtype) and copy (strided to strided, with a
// dtype cast), through full(), contiguous(), clone() and to(dtype).
#include "conformance/families.h"

namespace axon::conformance {
namespace {

using In = CaseInputs&;

TensorList filled(In in, const Shape& shape, double value, DType dtype) {
  return {full(shape, value, TensorOptions(dtype).device(in.device()))};
}

void add_fill_copy_cases(CaseList& cases) {
  cases.insert(
      cases.end(),
      {
          {"fill", "7x13 f32", kNmseExact,
           [](In in) {
             return filled(in, {7, 13}, 2.5, DType::f32);
           }},
          {"fill", "0-d f32", kNmseExact, [](In in) { return filled(in, {}, -1.25, DType::f32); }},
          {"fill", "1x13 i64", kNmseExact,
           [](In in) {
             return filled(in, {1, 13}, -3, DType::i64);
           }},
          {"fill", "2x3x5 bool", kNmseExact,
           [](In in) {
             return filled(in, {2, 3, 5}, 1, DType::boolean);
           }},
          {"copy", "contiguous() of 7x13 transposed", kNmseExact,
           [](In in) {
             return TensorList{in.input({13, 7}).t().contiguous()};
           }},
          {"copy", "clone() of 7x13 sliced from 7x20", kNmseExact,
           [](In in) {
             return TensorList{in.input({7, 20}).narrow(1, 4, 13).clone()};
           }},
          {"copy", "contiguous() of 2x3x5 expanded from 2x1x5", kNmseExact,
           [](In in) {
             return TensorList{in.input({2, 1, 5}).expand({2, 3, 5}).contiguous()};
           }},
          {"copy", "clone() of 0-d", kNmseExact,
           [](In in) { return TensorList{in.input({}).clone()}; }},
          {"copy", "f32 to i64", kNmseExact,
           [](In in) {
             return TensorList{in.input({7, 13}, {.low = -9, .high = 9}).to(DType::i64)};
           }},
          {"copy", "i64 to f32, transposed", kNmseExact,
           [](In in) {
             return TensorList{in.input({13, 7}, kI64).t().to(DType::f32)};
           }},
          {"copy", "f32 to bool", kNmseExact,
           [](In in) {
             return TensorList{in.input({7, 13}, kTies).to(DType::boolean)};
           }},
          {"copy", "bool to f32", kNmseExact,
           [](In in) {
             return TensorList{in.input({7, 13}, kBool).to(DType::f32)};
           }},
          {"copy", "bool to i64, transposed", kNmseExact,
           [](In in) {
             return TensorList{in.input({13, 7}, kBool).t().to(DType::i64)};
           }},
      });
}

const CaseFamily kFamily(add_fill_copy_cases);

}  // namespace
}  // namespace axon::conformance
