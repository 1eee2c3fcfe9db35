// Unary math and activations: primitives with their derivatives.
#include "tensor/internal.h"

namespace axon {
namespace {

// Math on integers promotes to f32, as in PyTorch (exp of an i64 tensor is f32).
Tensor as_floating(const Tensor& x) {
  return is_floating(x.dtype()) ? x : detail::cast(x, DType::f32);
}

Tensor run_unary(dispatch::OpId op, const Tensor& x, KernelArgs args = {}) {
  Tensor out = detail::make_empty(x.shape(), x.dtype(), x.device());
  detail::launch(op, x.device(), args, {x}, {out});
  return out;
}

// grad_in = kernel(grad_out, saved): the fused derivative kernels.
Tensor run_backward(dispatch::OpId op, const Tensor& grad, const Tensor& saved, KernelArgs args) {
  Tensor out = detail::make_empty(saved.shape(), saved.dtype(), saved.device());
  detail::launch(op, saved.device(), args, {grad.contiguous(), saved}, {out});
  return out;
}

// y = f(x), dy/dx from the input x through a fused kernel.
Tensor activation_from_input(dispatch::OpId op, dispatch::OpId backward_op, const char* name,
                             const Tensor& input, KernelArgs args = {}) {
  Tensor x = as_floating(input);
  Tensor y = run_unary(op, x, args);
  Tensor saved = x.detach();
  autograd::record(name, {x}, y, [backward_op, saved, args](const TensorList& g) {
    return TensorList{run_backward(backward_op, g[0], saved, args)};
  });
  return y;
}

// y = f(x), dy/dx from the output y (sigmoid, tanh).
Tensor activation_from_output(dispatch::OpId op, dispatch::OpId backward_op, const char* name,
                              const Tensor& input) {
  Tensor x = as_floating(input);
  Tensor y = run_unary(op, x);
  Tensor saved = y.detach();
  autograd::record(name, {x}, y, [backward_op, saved](const TensorList& g) {
    return TensorList{run_backward(backward_op, g[0], saved, {})};
  });
  return y;
}

// y = f(x) with dy/dx = derivative(g, x, y) written with ops.
template <class Derivative>
Tensor math(dispatch::OpId op, const char* name, const Tensor& input, Derivative derivative) {
  Tensor x = as_floating(input);
  Tensor y = run_unary(op, x);
  Tensor saved_x = x.detach(), saved_y = y.detach();
  autograd::record(name, {x}, y, [derivative, saved_x, saved_y](const TensorList& g) {
    return TensorList{derivative(g[0], saved_x, saved_y)};
  });
  return y;
}

}  // namespace

Tensor neg(const Tensor& x) {
  Tensor y = run_unary(AXON_OP("neg"), x);
  autograd::record("neg", {x}, y, [](const TensorList& g) { return TensorList{neg(g[0])}; });
  return y;
}

Tensor abs(const Tensor& x) {
  Tensor y = run_unary(AXON_OP("abs"), x);
  Tensor saved = x.detach();
  autograd::record("abs", {x}, y,
                   [saved](const TensorList& g) { return TensorList{mul(g[0], sign(saved))}; });
  return y;
}

Tensor sign(const Tensor& x) {
  Tensor y = run_unary(AXON_OP("sign"), x);
  autograd::record("sign", {x}, y,
                   [](const TensorList& g) { return TensorList{zeros_like(g[0])}; });
  return y;
}

Tensor exp(const Tensor& x) {
  return math(AXON_OP("exp"), "exp", x,
              [](const Tensor& g, const Tensor&, const Tensor& y) { return mul(g, y); });
}

Tensor log(const Tensor& x) {
  return math(AXON_OP("log"), "log", x,
              [](const Tensor& g, const Tensor& x, const Tensor&) { return div(g, x); });
}

Tensor log1p(const Tensor& x) {
  return math(AXON_OP("log1p"), "log1p", x,
              [](const Tensor& g, const Tensor& x, const Tensor&) { return div(g, add(x, 1.0)); });
}

Tensor expm1(const Tensor& x) {
  return math(AXON_OP("expm1"), "expm1", x,
              [](const Tensor& g, const Tensor&, const Tensor& y) { return mul(g, add(y, 1.0)); });
}

Tensor sqrt(const Tensor& x) {
  return math(AXON_OP("sqrt"), "sqrt", x,
              [](const Tensor& g, const Tensor&, const Tensor& y) { return div(g, mul(y, 2.0)); });
}

Tensor rsqrt(const Tensor& x) {
  return math(AXON_OP("rsqrt"), "rsqrt", x, [](const Tensor& g, const Tensor&, const Tensor& y) {
    return mul(mul(g, pow(y, 3.0)), -0.5);
  });
}

Tensor reciprocal(const Tensor& x) {
  return math(
      AXON_OP("reciprocal"), "reciprocal", x,
      [](const Tensor& g, const Tensor&, const Tensor& y) { return neg(mul(g, square(y))); });
}

Tensor square(const Tensor& x) {
  return math(AXON_OP("square"), "square", x,
              [](const Tensor& g, const Tensor& x, const Tensor&) { return mul(g, mul(x, 2.0)); });
}

Tensor sin(const Tensor& x) {
  return math(AXON_OP("sin"), "sin", x,
              [](const Tensor& g, const Tensor& x, const Tensor&) { return mul(g, cos(x)); });
}

Tensor cos(const Tensor& x) {
  return math(AXON_OP("cos"), "cos", x,
              [](const Tensor& g, const Tensor& x, const Tensor&) { return neg(mul(g, sin(x))); });
}

Tensor tanh(const Tensor& x) {
  return activation_from_output(AXON_OP("tanh"), AXON_OP("tanh_backward"), "tanh", x);
}

Tensor sigmoid(const Tensor& x) {
  return activation_from_output(AXON_OP("sigmoid"), AXON_OP("sigmoid_backward"), "sigmoid", x);
}

Tensor relu(const Tensor& x) {
  return activation_from_input(AXON_OP("relu"), AXON_OP("relu_backward"), "relu", x);
}

Tensor leaky_relu(const Tensor& x, double negative_slope) {
  KernelArgs args;
  args.alpha = negative_slope;
  return activation_from_input(AXON_OP("leaky_relu"), AXON_OP("leaky_relu_backward"), "leaky_relu",
                               x, args);
}

Tensor elu(const Tensor& x, double alpha) {
  KernelArgs args;
  args.alpha = alpha;
  return activation_from_input(AXON_OP("elu"), AXON_OP("elu_backward"), "elu", x, args);
}

Tensor gelu(const Tensor& x, bool tanh_approximation) {
  KernelArgs args;
  args.flag = tanh_approximation;
  return activation_from_input(AXON_OP("gelu"), AXON_OP("gelu_backward"), "gelu", x, args);
}

Tensor softplus(const Tensor& x, double beta, double threshold) {
  KernelArgs args;
  args.alpha = beta;
  args.beta = threshold;
  return activation_from_input(AXON_OP("softplus"), AXON_OP("softplus_backward"), "softplus", x,
                               args);
}

Tensor silu(const Tensor& x) {
  return activation_from_input(AXON_OP("silu"), AXON_OP("silu_backward"), "silu", x);
}

}  // namespace axon
