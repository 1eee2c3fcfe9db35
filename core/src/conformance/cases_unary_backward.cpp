// Cases of the fused derivative kernels (unary_bw): grad_in = g * f'(.),
// called through the dispatcher with in = {g, x} (or {g, y} for sigmoid and
// tanh), over every unary layout for both operands.
#include "conformance/families.h"

namespace axon::conformance {
namespace {

struct BackwardSpec {
  const char* op;
  const char* variant;
  double alpha = 0, beta = 0;
  bool flag = false;
  Values saved{};  // x, or y for sigmoid and tanh
  double tolerance = kNmseMath;
};

const BackwardSpec kSpecs[] = {
    {.op = "relu_backward", .variant = "", .tolerance = kNmseExact},
    {.op = "leaky_relu_backward", .variant = "slope 0.2", .alpha = 0.2, .tolerance = kNmseExact},
    {.op = "elu_backward", .variant = "alpha 1.5", .alpha = 1.5},
    {.op = "gelu_backward", .variant = "erf"},
    {.op = "gelu_backward", .variant = "tanh approximation", .flag = true},
    {.op = "softplus_backward", .variant = "", .alpha = 1, .beta = 20},
    {.op = "softplus_backward", .variant = "beta 2, threshold 1", .alpha = 2, .beta = 1},
    {.op = "silu_backward", .variant = ""},
    {.op = "sigmoid_backward", .variant = "", .saved = {.low = 0.01, .high = 0.99}},
    {.op = "tanh_backward", .variant = "", .saved = {.low = -0.99, .high = 0.99}},
};

TensorList run_backward(const BackwardSpec& spec, const Layout& layout, CaseInputs& in) {
  const Tensor grad = layout.make(in, {.low = -1, .high = 1});
  const Tensor saved = layout.make(in, spec.saved);
  KernelArgs args;
  args.alpha = spec.alpha;
  args.beta = spec.beta;
  args.flag = spec.flag;
  const Tensor out = empty(saved.shape(), TensorOptions(saved.dtype()).device(in.device()));
  return {call_primitive(spec.op, args, {grad, saved}, out)};
}

void add_unary_backward_cases(CaseList& cases) {
  for (const BackwardSpec& spec : kSpecs)
    for (const Layout& layout : unary_layouts())
      cases.push_back({spec.op, case_name(layout.name, spec.variant), spec.tolerance,
                       [spec, layout](CaseInputs& in) { return run_backward(spec, layout, in); }});
}

const CaseFamily kFamily(add_unary_backward_cases);

}  // namespace
}  // namespace axon::conformance
