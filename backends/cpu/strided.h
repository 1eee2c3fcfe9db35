// Strided N-d iteration for the cpu kernels. Every operand is a TensorArg:
// a base pointer, an element offset, a shape and strides in elements (stride
// 0 broadcasts). StridedWalk visits the positions of one shape in row-major
// order and hands out the element offsets of N operands at once.
#pragma once

#include <axon/error.h>
#include <axon/kernels.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace axon::cpu {

// The most dims a walk keeps after merging size-1 and contiguous dims.
inline constexpr int kMaxDims = 64;

template <int N>
class StridedWalk {
 public:
  // strides[k] are the strides of operand k over `shape`.
  StridedWalk(const Shape& shape, const std::array<const Shape*, N>& strides) {
    // Walk the dims innermost first, drop size-1 dims, and merge a dim into
    // the one inside it when every operand steps over both as one.
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      const int64_t size = shape[d];
      if (size == 1) continue;
      if (ndim_ > 0 && mergeable(d, strides)) {
        sizes_[ndim_ - 1] *= size;
        continue;
      }
      AXON_CHECK(ndim_ < kMaxDims, "cpu: tensors of more than {} dims are not supported (got {})",
                 kMaxDims, shape.size());
      sizes_[ndim_] = size;
      for (int k = 0; k < N; ++k) strides_[ndim_][k] = (*strides[k])[d];
      ++ndim_;
    }
    if (ndim_ == 0) {  // a single element
      sizes_[0] = 1;
      strides_[0].fill(0);
      ndim_ = 1;
    }
  }

  // Stride of operand k along the innermost (run) dimension.
  int64_t inner_stride(int k) const { return strides_[0][k]; }

  // Calls fn(offsets, length) for each run of consecutive innermost positions
  // among the row-major positions [begin, end); offsets[k] is operand k's
  // element offset at the start of the run.
  template <class Fn>
  void for_runs(int64_t begin, int64_t end, const Fn& fn) const {
    if (begin >= end) return;
    int64_t index[kMaxDims];
    std::array<int64_t, N> offsets{};
    int64_t rest = begin;
    for (int d = 0; d < ndim_; ++d) {
      index[d] = rest % sizes_[d];
      rest /= sizes_[d];
      for (int k = 0; k < N; ++k) offsets[k] += index[d] * strides_[d][k];
    }
    for (int64_t pos = begin; pos < end;) {
      const int64_t length = std::min(sizes_[0] - index[0], end - pos);
      fn(offsets.data(), length);
      pos += length;
      if (pos == end) break;
      // The run ended at the end of a row: rewind it and carry outwards.
      for (int k = 0; k < N; ++k) offsets[k] -= index[0] * strides_[0][k];
      index[0] = 0;
      int d = 1;
      for (int k = 0; k < N; ++k) offsets[k] += strides_[d][k];
      while (++index[d] == sizes_[d]) {
        for (int k = 0; k < N; ++k) offsets[k] += strides_[d + 1][k] - sizes_[d] * strides_[d][k];
        index[d] = 0;
        ++d;
      }
    }
  }

  // Calls fn(offsets) for each position in [begin, end).
  template <class Fn>
  void for_positions(int64_t begin, int64_t end, const Fn& fn) const {
    for_runs(begin, end, [&](const int64_t* start, int64_t length) {
      std::array<int64_t, N> offsets;
      for (int64_t j = 0; j < length; ++j) {
        for (int k = 0; k < N; ++k) offsets[k] = start[k] + j * strides_[0][k];
        fn(offsets.data());
      }
    });
  }

 private:
  bool mergeable(int64_t d, const std::array<const Shape*, N>& strides) const {
    for (int k = 0; k < N; ++k) {
      if ((*strides[k])[d] != sizes_[ndim_ - 1] * strides_[ndim_ - 1][k]) return false;
    }
    return true;
  }

  int ndim_ = 0;
  int64_t sizes_[kMaxDims];
  std::array<int64_t, N> strides_[kMaxDims];
};

}  // namespace axon::cpu
