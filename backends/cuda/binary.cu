// Binary ops with broadcasting (inputs arrive expanded to out's shape) and
// their scalar variants: out = a op b, or x op alpha (alpha op x when flag is
// set). add sub mul maximum minimum: f32/f64/i64; div pow: f32/f64.
// Comparisons: inputs of any one dtype, out bool. The formulas are the cpu
// backend's (backends/cpu/binary.cpp).
#include "map.cuh"
#include "registry.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace axon::cuda {
namespace {

struct Add : Attrs {
  template <class T>
  __device__ T operator()(T a, T b) const {
    return a + b;
  }
};

struct Sub : Attrs {
  template <class T>
  __device__ T operator()(T a, T b) const {
    return a - b;
  }
};

struct Mul : Attrs {
  template <class T>
  __device__ T operator()(T a, T b) const {
    return a * b;
  }
};

struct Div : Attrs {
  template <class T>
  __device__ T operator()(T a, T b) const {
    return a / b;
  }
};

struct Pow : Attrs {
  template <class T>
  __device__ T operator()(T a, T b) const {
    return std::pow(a, b);
  }
};

// NaN wins, as in PyTorch.
struct Maximum : Attrs {
  template <class T>
  __device__ T operator()(T a, T b) const {
    return (a > b || is_nan(a)) ? a : b;
  }
};

struct Minimum : Attrs {
  template <class T>
  __device__ T operator()(T a, T b) const {
    return (a < b || is_nan(a)) ? a : b;
  }
};

// The six comparisons share their kernels (one per dtype and path, not six):
// the switch is on a launch constant, so every thread takes the same branch.
enum class Cmp { eq, ne, lt, le, gt, ge };

struct Compare {
  Cmp cmp;
  template <class T>
  __device__ bool operator()(T a, T b) const {
    switch (cmp) {
      case Cmp::eq:
        return a == b;
      case Cmp::ne:
        return a != b;
      case Cmp::lt:
        return a < b;
      case Cmp::le:
        return a <= b;
      case Cmp::gt:
        return a > b;
      case Cmp::ge:
        return a >= b;
    }
    return false;
  }
};

// op(x, s), or op(s, x) when reversed, computed in S (the input's type, or
// double for an integer tensor against a fractional scalar).
template <class Op, class S>
struct WithScalar {
  Op op;
  S s;
  bool reversed;

  template <class T>
  __device__ auto operator()(T x) const {
    const S v = static_cast<S>(x);
    const S a = reversed ? s : v, b = reversed ? v : s;  // one inlined op, not two
    return op(a, b);
  }
};

// out = in[0] op alpha (alpha op in[0] with flag), in in[0]'s dtype T.
template <class Op, class T>
void arithmetic_scalar_as(const char* op, const KernelArgs& args) {
  check_dtype(op, dtype_of<T>(), args.out[0].dtype, "output");
  const WithScalar<Op, T> f{Op{}, static_cast<T>(args.alpha), args.flag};
  map<T, T>(CudaDevice::of(args), f, args.out[0], args.in[0]);
}

template <class Op, Types kTypes>
Kernel arithmetic_scalar(const char* op) {
  return [op](const KernelArgs& args) {
    dispatch_types<kTypes>(op, args.in[0].dtype,
                           [&](auto zero) { arithmetic_scalar_as<Op, decltype(zero)>(op, args); });
  };
}

// out (bool) = in[0] cmp in[1], inputs of any one dtype T.
template <class T>
void compare_as(const char* op, Cmp cmp, const KernelArgs& args) {
  check_dtype(op, dtype_of<T>(), args.in[1].dtype, "second input");
  check_dtype(op, DType::boolean, args.out[0].dtype, "output");
  map<bool, T, T>(CudaDevice::of(args), Compare{cmp}, args.out[0], args.in[0], args.in[1]);
}

Kernel compare(const char* op, Cmp cmp) {
  return [op, cmp](const KernelArgs& args) {
    dispatch_all(op, args.in[0].dtype,
                 [&](auto zero) { compare_as<decltype(zero)>(op, cmp, args); });
  };
}

// Whether s converts to T and back unchanged (2 does for i64, 2.5 does not).
template <class T>
bool exact_in(double s) {
  if constexpr (std::is_floating_point_v<T>) {
    return true;
  } else if constexpr (std::is_same_v<T, bool>) {
    return s == 0 || s == 1;
  } else {
    const double limit = std::ldexp(1.0, std::numeric_limits<T>::digits);
    const double lowest = std::is_signed_v<T> ? -limit : 0.0;
    return s >= lowest && s < limit && std::trunc(s) == s;
  }
}

// out (bool) = in[0] cmp alpha (alpha cmp in[0] with flag). An integer tensor
// against 2.5 compares in double, as PyTorch promotes.
template <class T>
void compare_scalar_as(const char* op, Cmp cmp, const KernelArgs& args) {
  check_dtype(op, DType::boolean, args.out[0].dtype, "output");
  const CudaDevice& device = CudaDevice::of(args);
  if (exact_in<T>(args.alpha)) {
    const WithScalar<Compare, T> f{Compare{cmp}, static_cast<T>(args.alpha), args.flag};
    map<bool, T>(device, f, args.out[0], args.in[0]);
  } else if constexpr (!std::is_floating_point_v<T>) {  // floats are always exact
    const WithScalar<Compare, double> f{Compare{cmp}, args.alpha, args.flag};
    map<bool, T>(device, f, args.out[0], args.in[0]);
  }
}

Kernel compare_scalar(const char* op, Cmp cmp) {
  return [op, cmp](const KernelArgs& args) {
    dispatch_all(op, args.in[0].dtype,
                 [&](auto zero) { compare_scalar_as<decltype(zero)>(op, cmp, args); });
  };
}

AXON_CUDA_KERNEL("add", binary<Add, kNumeric>("add"));
AXON_CUDA_KERNEL("sub", binary<Sub, kNumeric>("sub"));
AXON_CUDA_KERNEL("mul", binary<Mul, kNumeric>("mul"));
AXON_CUDA_KERNEL("div", binary<Div, kFloating>("div"));
AXON_CUDA_KERNEL("pow", binary<Pow, kFloating>("pow"));
AXON_CUDA_KERNEL("maximum", binary<Maximum, kNumeric>("maximum"));
AXON_CUDA_KERNEL("minimum", binary<Minimum, kNumeric>("minimum"));
AXON_CUDA_KERNEL("eq", compare("eq", Cmp::eq));
AXON_CUDA_KERNEL("ne", compare("ne", Cmp::ne));
AXON_CUDA_KERNEL("lt", compare("lt", Cmp::lt));
AXON_CUDA_KERNEL("le", compare("le", Cmp::le));
AXON_CUDA_KERNEL("gt", compare("gt", Cmp::gt));
AXON_CUDA_KERNEL("ge", compare("ge", Cmp::ge));

AXON_CUDA_KERNEL("add_scalar", arithmetic_scalar<Add, kNumeric>("add_scalar"));
AXON_CUDA_KERNEL("sub_scalar", arithmetic_scalar<Sub, kNumeric>("sub_scalar"));
AXON_CUDA_KERNEL("mul_scalar", arithmetic_scalar<Mul, kNumeric>("mul_scalar"));
AXON_CUDA_KERNEL("div_scalar", arithmetic_scalar<Div, kFloating>("div_scalar"));
AXON_CUDA_KERNEL("pow_scalar", arithmetic_scalar<Pow, kFloating>("pow_scalar"));
AXON_CUDA_KERNEL("maximum_scalar", arithmetic_scalar<Maximum, kNumeric>("maximum_scalar"));
AXON_CUDA_KERNEL("minimum_scalar", arithmetic_scalar<Minimum, kNumeric>("minimum_scalar"));
AXON_CUDA_KERNEL("eq_scalar", compare_scalar("eq_scalar", Cmp::eq));
AXON_CUDA_KERNEL("ne_scalar", compare_scalar("ne_scalar", Cmp::ne));
AXON_CUDA_KERNEL("lt_scalar", compare_scalar("lt_scalar", Cmp::lt));
AXON_CUDA_KERNEL("le_scalar", compare_scalar("le_scalar", Cmp::le));
AXON_CUDA_KERNEL("gt_scalar", compare_scalar("gt_scalar", Cmp::gt));
AXON_CUDA_KERNEL("ge_scalar", compare_scalar("ge_scalar", Cmp::ge));

}  // namespace
}  // namespace axon::cuda
