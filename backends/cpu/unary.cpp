// Unary math and activations: out = f(x) elementwise. f32/f64; neg, abs and
// sign also i64. Attributes as kernels.h documents (leaky_relu: alpha = slope;
// elu: alpha; gelu: flag = tanh approximation; softplus: alpha = beta,
// beta = threshold).
#include "map_kernel.h"
#include "scalar_math.h"

#include <cmath>

namespace axon::cpu {
namespace {

void register_math(Registrar& r) {
  add_unary<Numeric>(r, "neg", []<class T>(T x, Attrs) -> T { return -x; });
  add_unary<Numeric>(r, "abs", []<class T>(T x, Attrs) -> T { return std::abs(x); });
  // sign(0) = 0 (and 0 for NaN, as PyTorch's cpu kernel gives).
  add_unary<Numeric>(r, "sign", []<class T>(T x, Attrs) -> T { return (T(0) < x) - (x < T(0)); });
  add_unary<Floating>(r, "exp", []<class T>(T x, Attrs) -> T { return std::exp(x); });
  add_unary<Floating>(r, "log", []<class T>(T x, Attrs) -> T { return std::log(x); });
  add_unary<Floating>(r, "log1p", []<class T>(T x, Attrs) -> T { return std::log1p(x); });
  add_unary<Floating>(r, "expm1", []<class T>(T x, Attrs) -> T { return std::expm1(x); });
  add_unary<Floating>(r, "sqrt", []<class T>(T x, Attrs) -> T { return std::sqrt(x); });
  add_unary<Floating>(r, "rsqrt", []<class T>(T x, Attrs) -> T { return T(1) / std::sqrt(x); });
  add_unary<Floating>(r, "reciprocal", []<class T>(T x, Attrs) -> T { return T(1) / x; });
  add_unary<Floating>(r, "square", []<class T>(T x, Attrs) -> T { return x * x; });
  add_unary<Floating>(r, "sin", []<class T>(T x, Attrs) -> T { return std::sin(x); });
  add_unary<Floating>(r, "cos", []<class T>(T x, Attrs) -> T { return std::cos(x); });
}

void register_activations(Registrar& r) {
  add_unary<Floating>(r, "tanh", []<class T>(T x, Attrs) -> T { return tanh_of(x); });
  add_unary<Floating>(r, "sigmoid", []<class T>(T x, Attrs) -> T { return stable_sigmoid(x); });
  // Written as "x < 0 ? 0 : x" so that NaN passes through, as in PyTorch.
  add_unary<Floating>(r, "relu", []<class T>(T x, Attrs) -> T { return x < T(0) ? T(0) : x; });
  add_unary<Floating>(r, "leaky_relu",
                      []<class T>(T x, Attrs a) -> T { return x > T(0) ? x : x * T(a.alpha); });
  add_unary<Floating>(r, "elu", []<class T>(T x, Attrs a) -> T {
    return x > T(0) ? x : T(a.alpha) * std::expm1(x);
  });
  add_unary<Floating>(r, "gelu", []<class T>(T x, Attrs a) -> T {
    if (a.flag) {
      const T inner = T(kGeluBeta) * (x + T(kGeluKappa) * x * x * x);
      return T(0.5) * x * (T(1) + tanh_of(inner));
    }
    return T(0.5) * x * (T(1) + std::erf(x * T(kSqrtHalf)));
  });
  // log(1 + e^(beta x)) / beta, and x itself where beta x > threshold.
  add_unary<Floating>(r, "softplus", []<class T>(T x, Attrs a) -> T {
    const T scaled = x * T(a.alpha);
    return scaled > T(a.beta) ? x : std::log1p(std::exp(scaled)) / T(a.alpha);
  });
  add_unary<Floating>(r, "silu",
                      []<class T>(T x, Attrs) -> T { return x / (T(1) + std::exp(-x)); });
}

void register_unary(Registrar& r) {
  register_math(r);
  register_activations(r);
}

}  // namespace

AXON_REGISTER(register_unary);

}  // namespace axon::cpu
