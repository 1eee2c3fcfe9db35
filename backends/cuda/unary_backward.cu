// Fused activation derivatives: out = g * f'(.), in = {grad_out, x} (relu,
// leaky_relu, elu, gelu, softplus, silu) or {grad_out, y} (sigmoid, tanh).
// f32/f64; the same attributes as the forward ops. The formulas are the cpu
// backend's (backends/cpu/unary_backward.cpp).
#include "map.cuh"
#include "registry.h"

#include <cmath>

namespace axon::cuda {
namespace {

struct ReluBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T x) const {
    return x > T(0) ? g : T(0);
  }
};

struct LeakyReluBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T x) const {
    return x > T(0) ? g : g * T(alpha);
  }
};

struct EluBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T x) const {
    return x > T(0) ? g : g * T(alpha) * std::exp(x);
  }
};

// flag: the tanh approximation.
struct GeluBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T x) const {
    if (flag) {
      // d/dx 0.5 x (1 + tanh(u)), u = beta (x + kappa x^3)
      const T t = std::tanh(T(kGeluBeta) * (x + T(kGeluKappa) * x * x * x));
      const T du = T(kGeluBeta) * (T(1) + T(3 * kGeluKappa) * x * x);
      return g * (T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * du);
    }
    // Phi(x) + x phi(x)
    const T cdf = T(0.5) * (T(1) + std::erf(x * T(kSqrtHalf)));
    const T pdf = T(kInvSqrtTwoPi) * std::exp(T(-0.5) * x * x);
    return g * (cdf + x * pdf);
  }
};

// sigmoid(beta x), and 1 where the forward was linear (alpha = beta,
// beta = threshold).
struct SoftplusBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T x) const {
    const T scaled = x * T(alpha);
    return scaled > T(beta) ? g : g * stable_sigmoid(scaled);
  }
};

struct SiluBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T x) const {
    const T s = stable_sigmoid(x);
    return g * (s * (T(1) + x * (T(1) - s)));
  }
};

struct SigmoidBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T y) const {
    return g * (T(1) - y) * y;
  }
};

struct TanhBackward : Attrs {
  template <class T>
  __device__ T operator()(T g, T y) const {
    return g * (T(1) - y * y);
  }
};

AXON_CUDA_KERNEL("relu_backward", binary<ReluBackward>("relu_backward"));
AXON_CUDA_KERNEL("leaky_relu_backward", binary<LeakyReluBackward>("leaky_relu_backward"));
AXON_CUDA_KERNEL("elu_backward", binary<EluBackward>("elu_backward"));
AXON_CUDA_KERNEL("gelu_backward", binary<GeluBackward>("gelu_backward"));
AXON_CUDA_KERNEL("softplus_backward", binary<SoftplusBackward>("softplus_backward"));
AXON_CUDA_KERNEL("silu_backward", binary<SiluBackward>("silu_backward"));
AXON_CUDA_KERNEL("sigmoid_backward", binary<SigmoidBackward>("sigmoid_backward"));
AXON_CUDA_KERNEL("tanh_backward", binary<TanhBackward>("tanh_backward"));

}  // namespace
}  // namespace axon::cuda
