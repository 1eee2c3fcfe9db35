// Reductions. sum mean max min over `dims`: out has in's rank with size 1 on
// the reduced dims; f32/f64 (sum max min also i64); f32 sums accumulate in
// double. argmax argmin over `dim`: out i64, size 1 on dim, ties give the
// first index. NaN wins in max, min, argmax and argmin, as in PyTorch.
#include "dtype_dispatch.h"
#include "lines.h"
#include "parallel.h"
#include "scalar_math.h"
#include "strided.h"

#include <axon/plugin.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

namespace axon::cpu {
namespace {

// Each op: an accumulator type, its start, how a strided run of n elements
// folds into it, how an element or a partial result combines into it, and
// the final value.
template <class T>
struct Sum {
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, T>;
  static Acc init() { return Acc(0); }
  static Acc run(Acc acc, const T* p, int64_t n, int64_t stride) {
    if (stride != 1) {
      for (int64_t j = 0; j < n; ++j) acc += p[j * stride];
      return acc;
    }
    // Eight independent partial sums: vectorizable, and more accurate.
    Acc lanes[8] = {};
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
      for (int l = 0; l < 8; ++l) lanes[l] += p[j + l];
    }
    for (; j < n; ++j) lanes[0] += p[j];
    for (Acc lane : lanes) acc += lane;
    return acc;
  }
  static Acc combine(Acc a, Acc b) { return a + b; }
  static T finish(Acc acc, int64_t) { return static_cast<T>(acc); }
};

template <class T>
struct Mean : Sum<T> {
  static T finish(typename Sum<T>::Acc acc, int64_t count) {
    return static_cast<T>(acc / static_cast<double>(count));
  }
};

// Max (Sign = 1) and Min (Sign = -1).
template <class T, int Sign>
struct Extreme {
  using Acc = T;
  static bool better(T x, T best) { return (Sign > 0 ? x > best : x < best) || is_nan(x); }
  static Acc init() {
    using Limits = std::numeric_limits<T>;
    if constexpr (Limits::has_infinity) return Sign > 0 ? -Limits::infinity() : Limits::infinity();
    return Sign > 0 ? Limits::lowest() : Limits::max();
  }
  static Acc run(Acc acc, const T* p, int64_t n, int64_t stride) {
    for (int64_t j = 0; j < n && !is_nan(acc); ++j) {
      if (better(p[j * stride], acc)) acc = p[j * stride];
    }
    return acc;
  }
  static Acc combine(Acc a, Acc b) { return better(b, a) && !is_nan(a) ? b : a; }
  static T finish(Acc acc, int64_t) { return acc; }
};

// Reductions are cut into chunks of this many elements, folded in order:
// the result is the same whether outputs or chunks run in parallel.
constexpr int64_t kChunk = 1 << 16;
// Outputs folded side by side by reduce_columns.
constexpr int64_t kColumns = 256;

// in (kept x reduced) -> out (kept): where each output's elements are.
template <class T>
struct Reduction {
  StridedWalk<2> outer;  // over out's shape: offsets in out and in
  StridedWalk<1> inner;  // over the reduced sub-space: offsets in in
  int64_t outputs, count;
  const T* src;
  T* dst;
};

// Reducing over the outer dims of a row-major tensor (a bias gradient: (N, C)
// over N) would walk each output's elements a row apart. Instead, fold whole
// rows into a block of accumulators, one per output: contiguous, vectorized.
// Used when the kept dims' innermost run is contiguous in the input.
template <class Op, class T>
void reduce_columns(const Reduction<T>& r) {
  using Acc = typename Op::Acc;
  const int64_t out_stride = r.outer.inner_stride(0);
  parallel_for(r.outputs, r.outputs * r.count, [&](int64_t begin, int64_t end) {
    r.outer.for_runs(begin, end, [&](const int64_t* offsets, int64_t n) {
      for (int64_t first = 0; first < n; first += kColumns) {
        const int64_t width = std::min(kColumns, n - first);
        Acc acc[kColumns];
        std::fill_n(acc, width, Op::init());
        r.inner.for_positions(0, r.count, [&](const int64_t* offset) {
          const T* row = r.src + offsets[1] + first + offset[0];
          for (int64_t j = 0; j < width; ++j) acc[j] = Op::combine(acc[j], row[j]);
        });
        for (int64_t j = 0; j < width; ++j) {
          r.dst[offsets[0] + (first + j) * out_stride] = Op::finish(acc[j], r.count);
        }
      }
    });
  });
}

// Folds chunk `chunk` of the elements of the output whose input starts at in_offset.
template <class Op, class T>
typename Op::Acc fold_chunk(const Reduction<T>& r, int64_t in_offset, int64_t chunk) {
  typename Op::Acc acc = Op::init();
  const int64_t stride = r.inner.inner_stride(0);
  r.inner.for_runs(chunk * kChunk, std::min(r.count, (chunk + 1) * kChunk),
                   [&](const int64_t* offset, int64_t n) {
                     acc = Op::run(acc, r.src + in_offset + offset[0], n, stride);
                   });
  return acc;
}

int64_t chunks_of(int64_t count) { return std::max<int64_t>(1, (count + kChunk - 1) / kChunk); }

// Outputs in parallel, each folding its chunks in order.
template <class Op, class T>
void reduce_outputs(const Reduction<T>& r) {
  const int64_t chunks = chunks_of(r.count);
  parallel_for(r.outputs, r.outputs * r.count, [&](int64_t begin, int64_t end) {
    r.outer.for_positions(begin, end, [&](const int64_t* offsets) {
      typename Op::Acc acc = fold_chunk<Op>(r, offsets[1], 0);
      for (int64_t c = 1; c < chunks; ++c) acc = Op::combine(acc, fold_chunk<Op>(r, offsets[1], c));
      r.dst[offsets[0]] = Op::finish(acc, r.count);
    });
  });
}

// Few outputs, long reductions (a whole-tensor sum): chunks in parallel.
template <class Op, class T>
void reduce_chunks(const Reduction<T>& r) {
  const int64_t chunks = chunks_of(r.count);
  std::vector<int64_t> out_offsets, in_offsets;
  r.outer.for_positions(0, r.outputs, [&](const int64_t* offsets) {
    out_offsets.push_back(offsets[0]);
    in_offsets.push_back(offsets[1]);
  });
  std::vector<typename Op::Acc> partial(r.outputs * chunks);
  parallel_for(r.outputs * chunks, r.outputs * r.count, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      partial[i] = fold_chunk<Op>(r, in_offsets[i / chunks], i % chunks);
    }
  });
  for (int64_t o = 0; o < r.outputs; ++o) {
    typename Op::Acc acc = partial[o * chunks];
    for (int64_t c = 1; c < chunks; ++c) acc = Op::combine(acc, partial[o * chunks + c]);
    r.dst[out_offsets[o]] = Op::finish(acc, r.count);
  }
}

template <class Op, class T>
void reduce(const char* name, const KernelArgs& args) {
  const TensorArg& in = args.in[0];
  const TensorArg& out = args.out[0];
  // kept: out's shape; reduced: the sub-space each output folds.
  Shape kept = in.shape, reduced(in.shape.size(), 1);
  for (int64_t d : args.dims) {
    AXON_ASSERT(d >= 0 && d < in.dim(), "{}: reduction dim {} out of range for rank {}", name, d,
                in.dim());
    reduced[d] = in.shape[d];
    kept[d] = 1;
  }
  AXON_ASSERT(out.shape == kept, "{}: output shape {} does not match {}", name, out.shape, kept);
  const Reduction<T> r{StridedWalk<2>(kept, {&out.strides, &in.strides}),
                       StridedWalk<1>(reduced, {&in.strides}),
                       numel(kept),
                       numel(reduced),
                       in.data<T>(),
                       out.data<T>()};
  if (r.outputs == 0) return;
  if (r.inner.inner_stride(0) != 1 && r.outer.inner_stride(1) == 1) {
    reduce_columns<Op>(r);
  } else if (r.outputs >= num_threads() || chunks_of(r.count) == 1) {
    reduce_outputs<Op>(r);
  } else {
    reduce_chunks<Op>(r);
  }
}

template <template <class> class Op, class Types>
void add_reduction(Registrar& r, const char* name, bool needs_elements) {
  r.add_kernel(name, "cpu", [name, needs_elements](const KernelArgs& args) {
    dispatch(Types{}, args.in[0].dtype, name, [&](auto tag) {
      using T = decltype(tag);
      check_same_dtype(name, dtype_of<T>(), args.out[0].dtype, "output");
      for (int64_t d : args.dims) {
        AXON_CHECK(!needs_elements || args.in[0].shape[d] != 0,
                   "{}: expected reduction dim {} to have non-zero size, got shape {}", name, d,
                   args.in[0].shape);
      }
      reduce<Op<T>, T>(name, args);
    });
  });
}

template <class T>
using Max = Extreme<T, 1>;
template <class T>
using Min = Extreme<T, -1>;

// out[..0..] = the first index of the extreme along args.dim.
template <int Sign>
void arg_extreme(const char* name, const KernelArgs& args) {
  const TensorArg& in = args.in[0];
  const TensorArg& out = args.out[0];
  const int64_t dim = args.dim;
  AXON_CHECK(in.shape[dim] != 0,
             "{}: expected reduction dim {} to have non-zero size, got shape {}", name, dim,
             in.shape);
  check_same_dtype(name, DType::i64, out.dtype, "output");
  dispatch(Numeric{}, in.dtype, name, [&](auto tag) {
    using T = decltype(tag);
    using Op = Extreme<T, Sign>;
    const T* src = in.data<T>();
    int64_t* dst = out.data<int64_t>();
    const int64_t n = in.shape[dim], stride = in.strides[dim];
    for_each_line<2>(in.shape, dim, {&in.strides, &out.strides}, [&](const int64_t* offsets) {
      const T* line = src + offsets[0];
      int64_t best = 0;
      for (int64_t j = 1; j < n && !is_nan(line[best * stride]); ++j) {
        if (Op::better(line[j * stride], line[best * stride])) best = j;
      }
      dst[offsets[1]] = best;
    });
  });
}

void register_reductions(Registrar& r) {
  add_reduction<Sum, Numeric>(r, "sum", false);
  add_reduction<Mean, Floating>(r, "mean", false);
  add_reduction<Max, Numeric>(r, "max", true);
  add_reduction<Min, Numeric>(r, "min", true);
  r.add_kernel("argmax", "cpu", [](const KernelArgs& args) { arg_extreme<1>("argmax", args); });
  r.add_kernel("argmin", "cpu", [](const KernelArgs& args) { arg_extreme<-1>("argmin", args); });
}

}  // namespace

AXON_REGISTER(register_reductions);

}  // namespace axon::cpu
