// Internal: what the case files (cases_*.cpp) share. Each file defines the
// cases of one kernel family and registers them with one line:
//   const CaseFamily kFamily(add_unary_cases);
#pragma once

#include <axon/conformance.h>
#include <axon/kernels.h>
#include <axon/ops.h>

#include <span>
#include <string_view>
#include <vector>

namespace axon::conformance {

using CaseList = std::vector<ConformanceCase>;
using AddCases = void (*)(CaseList& cases);

// Adds a family to conformance_cases() when the core library loads.
struct CaseFamily {
  explicit CaseFamily(AddCases add);
};

// Value ranges the families share.
inline constexpr Values kI64{.low = -5, .high = 6, .dtype = DType::i64};
// Whole numbers in a small range, so that ties occur (comparisons, max and min).
inline constexpr Values kTies{.low = -2, .high = 3, .whole = true};
inline constexpr Values kPositive{.low = 0.1, .high = 5};
inline constexpr Values kAwayFromZero{.low = 0.5, .high = 2};
inline constexpr Values kBool{.dtype = DType::boolean};

// How an input of a given shape is laid out.
enum class View {
  contiguous,
  transposed,  // 2-D: the transpose of a contiguous tensor
  sliced,      // columns 4.. of a tensor 7 wider in the last axis
  expanded,    // broadcast along axis 1 from size 1 (stride 0)
};
Tensor view_input(CaseInputs& in, const Shape& shape, View view, const Values& values = {});

// One input layout of the elementwise families.
struct Layout {
  const char* name;
  Shape shape;
  View view = View::contiguous;
  Tensor make(CaseInputs& in, const Values& values) const {
    return view_input(in, shape, view, values);
  }
};
// 0-d, 1 element, 7x13, and 7x13 transposed, sliced and expanded (non-contiguous).
const std::vector<Layout>& unary_layouts();

// Two operands that broadcast to the output's shape.
struct PairLayout {
  const char* name;
  Shape a, b;
  View view_a = View::contiguous, view_b = View::contiguous;
  TensorList make(CaseInputs& in, const Values& va, const Values& vb) const {
    return {view_input(in, a, view_a, va), view_input(in, b, view_b, vb)};
  }
};
// Same shape, row and column broadcasts, a 0-d operand, strided views, 3-D.
const std::vector<PairLayout>& binary_layouts();

// An input and the axis an op works along (softmax, argmax).
struct Axis {
  const char* name;
  Shape shape;
  int64_t dim;
  View view = View::contiguous;
};

// An op of one tensor (with host scalars, if any), run over every unary layout.
struct UnarySpec {
  const char* op;
  const char* variant;  // "" or what differs: dtype, attributes, scalars
  Tensor (*fn)(const Tensor& x);
  Values x{};
  double tolerance = kNmseExact;
};
void add_unary_specs(CaseList& cases, std::span<const UnarySpec> specs);

// Runs primitive `op` on the inputs' device, writing `out` (which it returns):
// for the primitives no ops function exposes alone (the fused derivatives)
// and attributes the ops API never sets (matmul's alpha and beta).
Tensor call_primitive(std::string_view op, KernelArgs args, const TensorList& in,
                      const Tensor& out);

// "relu" or "relu, i64": a case name from a layout and a variant.
std::string case_name(std::string_view layout, std::string_view variant);

}  // namespace axon::conformance
