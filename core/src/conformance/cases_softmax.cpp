// Cases of softmax and log_softmax along one axis (their gradients run the
// fused backward kernels), and of those backward kernels called alone:
// in = {grad_out, y}, out = grad_in.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

const Axis kAxes[] = {
    {"dim 1 of 7x13", {7, 13}, 1},
    {"dim 0 of 7x13", {7, 13}, 0},
    {"dim -1 of 7x13 transposed", {7, 13}, -1, View::transposed},
    {"dim 1 of 2x3x5", {2, 3, 5}, 1},
    {"dim 0 of 1x1", {1, 1}, 0},
    {"0-d", {}, 0},
};

using F = const Tensor&;
struct SoftmaxSpec {
  const char* op;
  const char* variant;
  Tensor (*fn)(F x, int64_t dim);
  Values x;
};

const SoftmaxSpec kSpecs[] = {
    {"softmax", "", [](F x, int64_t d) { return softmax(x, d); }, {}},
    {"softmax", "values up to 40", [](F x, int64_t d) { return softmax(x, d); }, {-40, 40}},
    {"log_softmax", "", [](F x, int64_t d) { return log_softmax(x, d); }, {}},
    {"log_softmax", "values up to 40", [](F x, int64_t d) { return log_softmax(x, d); }, {-40, 40}},
};

// y as the forward op would give it: probabilities, or their logarithms.
const std::pair<const char*, Values> kBackwardOps[] = {
    {"softmax_backward", {.low = 0.01, .high = 1}},
    {"log_softmax_backward", {.low = -5, .high = 0}},
};

TensorList run_backward(const char* op, const Values& y_values, const Axis& axis, CaseInputs& in) {
  const Tensor grad = view_input(in, axis.shape, axis.view, {.low = -1, .high = 1});
  const Tensor y = view_input(in, axis.shape, axis.view, y_values);
  KernelArgs args;
  args.dim = axis.dim < 0 ? axis.dim + y.dim() : axis.dim;
  const Tensor out = empty(y.shape(), TensorOptions(y.dtype()).device(in.device()));
  return {call_primitive(op, args, {grad, y}, out)};
}

void add_softmax_cases(CaseList& cases) {
  for (const SoftmaxSpec& spec : kSpecs)
    for (const Axis& axis : kAxes)
      cases.push_back(
          {spec.op, case_name(axis.name, spec.variant), kNmseMath, [spec, axis](CaseInputs& in) {
             return TensorList{spec.fn(view_input(in, axis.shape, axis.view, spec.x), axis.dim)};
           }});
  for (const auto& [op, y_values] : kBackwardOps)
    for (const Axis& axis : kAxes)
      if (!axis.shape.empty())  // the kernels take at least one axis (the ops API reshapes 0-d)
        cases.push_back({op, axis.name, kNmseMath, [op, y_values, axis](CaseInputs& in) {
                           return run_backward(op, y_values, axis, in);
                         }});
}

const CaseFamily kFamily(add_softmax_cases);

}  // namespace
}  // namespace axon::conformance
