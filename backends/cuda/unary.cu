// Unary math and activations: out = f(x) elementwise. f32/f64; neg, abs and
// sign also i64. Attributes as kernels.h documents (leaky_relu: alpha = slope;
// elu: alpha; gelu: flag = tanh approximation; softplus: alpha = beta,
// beta = threshold). The formulas are the cpu backend's (backends/cpu/unary.cpp).
#include "map.cuh"
#include "registry.h"

#include <cmath>
#include <type_traits>

namespace axon::cuda {
namespace {

struct Neg : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return -x;
  }
};

struct Abs : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    if constexpr (std::is_floating_point_v<T>)
      return std::fabs(x);
    else
      return x < T(0) ? -x : x;
  }
};

// sign(0) = 0, and 0 for NaN, as the cpu gives.
struct Sign : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return static_cast<T>((T(0) < x) - (x < T(0)));
  }
};

struct Exp : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::exp(x);
  }
};

struct Log : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::log(x);
  }
};

struct Log1p : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::log1p(x);
  }
};

struct Expm1 : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::expm1(x);
  }
};

struct Sqrt : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::sqrt(x);
  }
};

// 1 / sqrt(x), both correctly rounded as on the cpu (not the approximate rsqrt).
struct Rsqrt : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return T(1) / std::sqrt(x);
  }
};

struct Reciprocal : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return T(1) / x;
  }
};

struct Square : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return x * x;
  }
};

struct Sin : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::sin(x);
  }
};

struct Cos : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::cos(x);
  }
};

struct Tanh : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return std::tanh(x);
  }
};

struct Sigmoid : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return stable_sigmoid(x);
  }
};

// Written as "x < 0 ? 0 : x" so that NaN passes through.
struct Relu : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return x < T(0) ? T(0) : x;
  }
};

struct LeakyRelu : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return x > T(0) ? x : x * T(alpha);
  }
};

struct Elu : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return x > T(0) ? x : T(alpha) * std::expm1(x);
  }
};

// x Phi(x), or with flag the tanh approximation.
struct Gelu : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    if (flag) {
      const T inner = T(kGeluBeta) * (x + T(kGeluKappa) * x * x * x);
      return T(0.5) * x * (T(1) + std::tanh(inner));
    }
    return T(0.5) * x * (T(1) + std::erf(x * T(kSqrtHalf)));
  }
};

// log(1 + e^(beta x)) / beta, and x itself where beta x > threshold
// (alpha = beta, beta = threshold).
struct Softplus : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    const T scaled = x * T(alpha);
    return scaled > T(beta) ? x : std::log1p(std::exp(scaled)) / T(alpha);
  }
};

struct Silu : Attrs {
  template <class T>
  __device__ T operator()(T x) const {
    return x / (T(1) + std::exp(-x));
  }
};

AXON_CUDA_KERNEL("neg", unary<Neg, kNumeric>("neg"));
AXON_CUDA_KERNEL("abs", unary<Abs, kNumeric>("abs"));
AXON_CUDA_KERNEL("sign", unary<Sign, kNumeric>("sign"));
AXON_CUDA_KERNEL("exp", unary<Exp>("exp"));
AXON_CUDA_KERNEL("log", unary<Log>("log"));
AXON_CUDA_KERNEL("log1p", unary<Log1p>("log1p"));
AXON_CUDA_KERNEL("expm1", unary<Expm1>("expm1"));
AXON_CUDA_KERNEL("sqrt", unary<Sqrt>("sqrt"));
AXON_CUDA_KERNEL("rsqrt", unary<Rsqrt>("rsqrt"));
AXON_CUDA_KERNEL("reciprocal", unary<Reciprocal>("reciprocal"));
AXON_CUDA_KERNEL("square", unary<Square>("square"));
AXON_CUDA_KERNEL("sin", unary<Sin>("sin"));
AXON_CUDA_KERNEL("cos", unary<Cos>("cos"));
AXON_CUDA_KERNEL("tanh", unary<Tanh>("tanh"));
AXON_CUDA_KERNEL("sigmoid", unary<Sigmoid>("sigmoid"));
AXON_CUDA_KERNEL("relu", unary<Relu>("relu"));
AXON_CUDA_KERNEL("leaky_relu", unary<LeakyRelu>("leaky_relu"));
AXON_CUDA_KERNEL("elu", unary<Elu>("elu"));
AXON_CUDA_KERNEL("gelu", unary<Gelu>("gelu"));
AXON_CUDA_KERNEL("softplus", unary<Softplus>("softplus"));
AXON_CUDA_KERNEL("silu", unary<Silu>("silu"));

}  // namespace
}  // namespace axon::cuda
