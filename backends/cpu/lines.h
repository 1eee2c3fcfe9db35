// Kernels that work along one axis (softmax, argmax, gather, scatter_add)
// walk the "lines" of a shape: the 1-D slices along `dim`, one per position
// of the other dims.
#pragma once

#include "parallel.h"
#include "strided.h"

#include <axon/shape.h>

#include <array>

namespace axon::cpu {

// Calls fn(offsets) once per line along `dim` of `shape`, where offsets[k] is
// operand k's element offset at the line's start (operand k steps by
// (*strides[k])[dim] along the line). Lines run in parallel when the tensor
// is large, so fn must not throw and lines must not write to shared places.
template <int N, class Fn>
void for_each_line(const Shape& shape, int64_t dim, const std::array<const Shape*, N>& strides,
                   const Fn& fn) {
  Shape starts = shape;
  starts[dim] = 1;
  const StridedWalk<N> walk(starts, strides);
  const int64_t lines = numel(starts);
  parallel_for(lines, lines * shape[dim],
               [&](int64_t begin, int64_t end) { walk.for_positions(begin, end, fn); });
}

}  // namespace axon::cpu
