// Fused activation derivatives: out = g * f'(.), in = {grad_out, x} (relu,
// leaky_relu, elu, gelu, softplus, silu) or {grad_out, y} (sigmoid, tanh).
// f32/f64; the same attributes as the forward ops.
#include "map_kernel.h"
#include "scalar_math.h"

#include <cmath>

namespace axon::cpu {
namespace {

template <class T>
T gelu_derivative(T x, bool tanh_approximation) {
  if (tanh_approximation) {
    // d/dx 0.5 x (1 + tanh(u)), u = beta (x + kappa x^3)
    const T t = tanh_of(T(kGeluBeta) * (x + T(kGeluKappa) * x * x * x));
    const T du = T(kGeluBeta) * (T(1) + T(3 * kGeluKappa) * x * x);
    return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * du;
  }
  // Phi(x) + x phi(x)
  const T cdf = T(0.5) * (T(1) + std::erf(x * T(kSqrtHalf)));
  const T pdf = T(kInvSqrtTwoPi) * std::exp(T(-0.5) * x * x);
  return cdf + x * pdf;
}

template <class T>
T silu_derivative(T x) {
  const T s = stable_sigmoid(x);
  return s * (T(1) + x * (T(1) - s));
}

void register_from_input(Registrar& r) {
  add_binary<Floating>(r, "relu_backward",
                       []<class T>(T g, T x, Attrs) -> T { return x > T(0) ? g : T(0); });
  add_binary<Floating>(r, "leaky_relu_backward", []<class T>(T g, T x, Attrs a) -> T {
    return x > T(0) ? g : g * T(a.alpha);
  });
  add_binary<Floating>(r, "elu_backward", []<class T>(T g, T x, Attrs a) -> T {
    return x > T(0) ? g : g * T(a.alpha) * std::exp(x);
  });
  add_binary<Floating>(r, "gelu_backward", []<class T>(T g, T x, Attrs a) -> T {
    return g * gelu_derivative(x, a.flag);
  });
  // sigmoid(beta x), and 1 where the forward was linear.
  add_binary<Floating>(r, "softplus_backward", []<class T>(T g, T x, Attrs a) -> T {
    const T scaled = x * T(a.alpha);
    return scaled > T(a.beta) ? g : g * stable_sigmoid(scaled);
  });
  add_binary<Floating>(r, "silu_backward",
                       []<class T>(T g, T x, Attrs) -> T { return g * silu_derivative(x); });
}

void register_from_output(Registrar& r) {
  add_binary<Floating>(r, "sigmoid_backward",
                       []<class T>(T g, T y, Attrs) -> T { return g * (T(1) - y) * y; });
  add_binary<Floating>(r, "tanh_backward",
                       []<class T>(T g, T y, Attrs) -> T { return g * (T(1) - y * y); });
}

void register_unary_backward(Registrar& r) {
  register_from_input(r);
  register_from_output(r);
}

}  // namespace

AXON_REGISTER(register_unary_backward);

}  // namespace axon::cpu
