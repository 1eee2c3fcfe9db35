// out[i] = fn(in0[i], in1[i], ...) over operands of one shape, the loop every
// elementwise cpu kernel (fill, copy, unary, binary, where, clamp) runs.
#pragma once

#include "parallel.h"
#include "strided.h"

#include <axon/kernels.h>

#include <array>
#include <cstdint>
#include <utility>

namespace axon::cpu {

namespace detail {

template <class T>
using ArgOf = TensorArg;

template <class Out, class... In, class Fn, size_t... K>
void strided_map(const Fn& fn, const TensorArg& out, std::index_sequence<K...>,
                 const ArgOf<In>&... in) {
  constexpr int kOperands = 1 + sizeof...(In);
  const StridedWalk<kOperands> walk(out.shape, {&out.strides, &in.strides...});
  const int64_t out_stride = walk.inner_stride(0);
  const std::array<int64_t, sizeof...(In)> in_strides{walk.inner_stride(K + 1)...};
  const bool unit = out_stride == 1 && ((in_strides[K] == 1) && ...);
  const int64_t n = out.numel();
  parallel_for(n, n,
               [&, o = out.data<Out>(), ... p = in.template data<In>()](int64_t b, int64_t e) {
                 walk.for_runs(b, e, [&](const int64_t* offsets, int64_t length) {
                   Out* dst = o + offsets[0];
                   if (unit) {  // a broadcast bias row and the like: vectorizable
                     for (int64_t j = 0; j < length; ++j) dst[j] = fn(p[offsets[K + 1] + j]...);
                   } else {
                     for (int64_t j = 0; j < length; ++j) {
                       dst[j * out_stride] = fn(p[offsets[K + 1] + j * in_strides[K]]...);
                     }
                   }
                 });
               });
}

}  // namespace detail

// Out and In are the element types: elementwise<float, float, float>(fn, out, a, b).
// Operands may be strided views of out's shape (stride 0 broadcasts); out may
// alias an input at the same positions.
template <class Out, class... In, class Fn>
void elementwise(const Fn& fn, const TensorArg& out, const detail::ArgOf<In>&... in) {
  const int64_t n = out.numel();
  if (n == 0) return;
  if (out.is_contiguous() && (in.is_contiguous() && ...)) {
    // The fast path: one flat loop the compiler vectorizes, no setup.
    parallel_for(n, n,
                 [&, o = out.data<Out>(), ... p = in.template data<In>()](int64_t b, int64_t e) {
                   for (int64_t i = b; i < e; ++i) o[i] = fn(p[i]...);
                 });
    return;
  }
  detail::strided_map<Out, In...>(fn, out, std::index_sequence_for<In...>{}, in...);
}

}  // namespace axon::cpu
