// The elementwise launcher of the unary, unary_bw, binary, scalar, where and
// clamp kernels: out[i] = f(in0[i], in1[i], ...) for 1 to 3 inputs of out's
// shape (stride 0 broadcasts); out may be a strided view and may alias an
// input at the same positions. An op is a functor, computed in the tensor's
// own type T, and one registration line:
//   struct Exp : Attrs {
//     template <class T>
//     __device__ T operator()(T x) const { return std::exp(x); }
//   };
//   AXON_CUDA_KERNEL("exp", unary<Exp>("exp"));
// Functors are structs because a __device__ lambda can be neither generic nor
// defined inside a generic lambda.
#pragma once

#include "launch.cuh"

#include <axon/dtype.h>
#include <axon/kernels.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace axon::cuda {

// The scalar attributes of KernelArgs, copied into the functors (which
// inherit them) so that the kernels see constants.
struct Attrs {
  double alpha = 0, beta = 0;
  bool flag = false;
};

inline Attrs attrs_of(const KernelArgs& args) { return Attrs{args.alpha, args.beta, args.flag}; }

// The element types a kernel accepts: f32/f64, also i64, or every dtype.
enum class Types { floating, numeric, all };
inline constexpr Types kFloating = Types::floating, kNumeric = Types::numeric, kAll = Types::all;

template <Types kTypes, class F>
void dispatch_types(const char* op, DType dtype, F&& f) {
  if constexpr (kTypes == kFloating) {
    dispatch_floating(op, dtype, f);
  } else if constexpr (kTypes == kNumeric) {
    dispatch_numeric(op, dtype, f);
  } else {
    dispatch_all(op, dtype, f);
  }
}

namespace detail {

template <class T>
using ArgOf = TensorArg;

// Every operand contiguous: element i of each is at i.
template <class Out, class F, class... In>
struct ContiguousMap {
  F f;
  Out* out;
  const void* in[sizeof...(In)];

  template <size_t... K>
  __device__ void apply(int64_t i, std::index_sequence<K...>) const {
    out[i] = static_cast<Out>(f(static_cast<const In*>(in[K])[i]...));
  }
  __device__ void operator()(int64_t i) const { apply(i, std::index_sequence_for<In...>{}); }
};

// Any strides: operand 0 is out, operand k + 1 is input k.
template <class Out, class F, class... In>
struct StridedMap {
  OffsetCalculator<1 + sizeof...(In)> calc;
  F f;
  Out* out;
  const void* in[sizeof...(In)];

  template <size_t... K>
  __device__ void apply(const int64_t* at, std::index_sequence<K...>) const {
    out[at[0]] = static_cast<Out>(f(static_cast<const In*>(in[K])[at[K + 1]]...));
  }
  __device__ void operator()(int64_t i) const {
    int64_t at[1 + sizeof...(In)];
    calc.offsets(i, at);
    apply(at, std::index_sequence_for<In...>{});
  }
};

}  // namespace detail

// out = f(in...) elementwise, on the device's stream. Out and In are the
// element types: map<bool, float, float>(device, less, out, a, b).
template <class Out, class... In, class F>
void map(const CudaDevice& device, const F& f, const TensorArg& out,
         const detail::ArgOf<In>&... in) {
  const int64_t n = out.numel();
  if (n == 0) return;
  if (out.is_contiguous() && (in.is_contiguous() && ...)) {
    // The fast path of training: no offset arithmetic.
    for_each(device, n,
             detail::ContiguousMap<Out, F, In...>{f, out.data<Out>(), {in.template data<In>()...}});
    return;
  }
  const auto calc =
      make_offset_calculator<1 + sizeof...(In)>(out.shape, {&out.strides, &in.strides...});
  for_each(
      device, n,
      detail::StridedMap<Out, F, In...>{calc, f, out.data<Out>(), {in.template data<In>()...}});
}

// out[0] = F(in[0]), all of one dtype T among kTypes.
template <class F, class T>
void unary_as(const char* op, const KernelArgs& args) {
  check_dtype(op, dtype_of<T>(), args.out[0].dtype, "output");
  map<T, T>(CudaDevice::of(args), F{attrs_of(args)}, args.out[0], args.in[0]);
}

template <class F, Types kTypes = kFloating>
Kernel unary(const char* op) {
  return [op](const KernelArgs& args) {
    dispatch_types<kTypes>(op, args.in[0].dtype,
                           [&](auto zero) { unary_as<F, decltype(zero)>(op, args); });
  };
}

// out[0] = F(in[0], in[1]), all of one dtype T among kTypes.
template <class F, class T>
void binary_as(const char* op, const KernelArgs& args) {
  check_dtype(op, dtype_of<T>(), args.in[1].dtype, "second input");
  check_dtype(op, dtype_of<T>(), args.out[0].dtype, "output");
  map<T, T, T>(CudaDevice::of(args), F{attrs_of(args)}, args.out[0], args.in[0], args.in[1]);
}

template <class F, Types kTypes = kFloating>
Kernel binary(const char* op) {
  return [op](const KernelArgs& args) {
    dispatch_types<kTypes>(op, args.in[0].dtype,
                           [&](auto zero) { binary_as<F, decltype(zero)>(op, args); });
  };
}

// Formulas of the activations forward and backward, as the cpu computes them
// (backends/cpu/scalar_math.h).
inline constexpr double kGeluBeta = 0.7978845608028654;  // sqrt(2 / pi)
inline constexpr double kGeluKappa = 0.044715;
inline constexpr double kSqrtHalf = 0.7071067811865476;      // 1 / sqrt(2)
inline constexpr double kInvSqrtTwoPi = 0.3989422804014327;  // 1 / sqrt(2 pi)

// 1 / (1 + e^-x) without overflow: e^x is only taken of non-positive x.
template <class T>
__device__ T stable_sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

}  // namespace axon::cuda
