// Cases of the reductions: sum mean max min over axes (keepdim or not), and
// argmax argmin along one axis (ties give the first index).
#include "conformance/families.h"

namespace axon::conformance {
namespace {

// An input, the axes to reduce and keepdim.
struct Reduction {
  const char* name;
  Shape shape;
  View view;
  std::vector<int64_t> dims;  // empty: every axis
  bool keepdim = false;
};

const Reduction kReductions[] = {
    {"all of 7x13", {7, 13}, View::contiguous, {}},
    {"dim 0 of 7x13", {7, 13}, View::contiguous, {0}},
    {"dim 1 of 7x13, keepdim", {7, 13}, View::contiguous, {1}, true},
    {"dims 0, 2 of 3x4x5", {3, 4, 5}, View::contiguous, {0, 2}},
    {"dim 1 of 7x13 transposed", {7, 13}, View::transposed, {1}},
    {"dim -1 of 2x3x5 expanded from 2x1x5", {2, 3, 5}, View::expanded, {-1}},
    {"dim 1 of 2x3x5 expanded from 2x1x5", {2, 3, 5}, View::expanded, {1}},
    {"dim 0 of 1x13", {1, 13}, View::contiguous, {0}},
    {"0-d", {}, View::contiguous, {}},
};

using F = const Tensor&;
using Dims = const std::vector<int64_t>&;
struct ReduceSpec {
  const char* op;
  const char* variant;
  Tensor (*fn)(F x, Dims dims, bool keepdim);
  Values x{};
  double tolerance = kNmseMath;
};

const ReduceSpec kSpecs[] = {
    {"sum", "", [](F x, Dims d, bool k) { return sum(x, d, k); }},
    {"sum", "i64", [](F x, Dims d, bool k) { return sum(x, d, k); }, kI64},
    {"mean", "", [](F x, Dims d, bool k) { return mean(x, d, k); }},
    {"max", "", [](F x, Dims d, bool k) { return amax(x, d, k); }, {}, kNmseExact},
    {"max", "ties", [](F x, Dims d, bool k) { return amax(x, d, k); }, kTies, kNmseExact},
    {"max", "i64", [](F x, Dims d, bool k) { return amax(x, d, k); }, kI64, kNmseExact},
    {"min", "", [](F x, Dims d, bool k) { return amin(x, d, k); }, {}, kNmseExact},
    {"min", "ties", [](F x, Dims d, bool k) { return amin(x, d, k); }, kTies, kNmseExact},
    {"min", "i64", [](F x, Dims d, bool k) { return amin(x, d, k); }, kI64, kNmseExact},
};

// argmax/argmin: no 0-d input, which the ops API answers without a kernel.
const Axis kArgAxes[] = {
    {"dim 0 of 7x13", {7, 13}, 0},
    {"dim 1 of 7x13", {7, 13}, 1},
    {"dim -1 of 7x13 transposed", {7, 13}, -1, View::transposed},
    {"dim 1 of 3x4x5", {3, 4, 5}, 1},
    {"dim 1 of 2x3x5 expanded from 2x1x5", {2, 3, 5}, 1, View::expanded},
    {"dim 0 of 1x13", {1, 13}, 0},
};

void add_arg_cases(CaseList& cases, const char* op, Tensor (*fn)(F x, int64_t dim)) {
  const std::pair<const char*, Values> variants[] = {{"", {}}, {"ties", kTies}, {"i64", kI64}};
  for (const Axis& axis : kArgAxes)
    for (const auto& [variant, values] : variants)
      cases.push_back(
          {op, case_name(axis.name, variant), kNmseExact, [axis, fn, values](CaseInputs& in) {
             return TensorList{fn(view_input(in, axis.shape, axis.view, values), axis.dim)};
           }});
}

void add_reduce_cases(CaseList& cases) {
  for (const ReduceSpec& spec : kSpecs)
    for (const Reduction& r : kReductions)
      cases.push_back(
          {spec.op, case_name(r.name, spec.variant), spec.tolerance, [spec, r](CaseInputs& in) {
             const Tensor x = view_input(in, r.shape, r.view, spec.x);
             return TensorList{spec.fn(x, r.dims, r.keepdim)};
           }});
  add_arg_cases(cases, "argmax", [](F x, int64_t d) { return argmax(x, d); });
  add_arg_cases(cases, "argmin", [](F x, int64_t d) { return argmin(x, d); });
}

const CaseFamily kFamily(add_reduce_cases);

}  // namespace
}  // namespace axon::conformance
