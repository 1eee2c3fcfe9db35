// Index ops along `dim`, with i64 indices that must lie in [0, size):
//   gather        out[..i..] = x[..index[..i..]..]           in = {x, index}
//   scatter_add   out[..index[..i..]..] += src[..i..]        in = {index, src}
//   index_select  out = x taken at the 1-D index along dim   in = {x, index}
//   index_add     out.select(dim, index[i]) += alpha src.select(dim, i)   in = {index, src}
// index_select and index_add are gather and scatter_add with the 1-D index
// broadcast over the other dims (stride 0).
#include "dtype_dispatch.h"
#include "lines.h"
#include "strided.h"

#include <axon/plugin.h>

namespace axon::cpu {
namespace {

// Throws on the first index outside [0, size). Runs before the (parallel) copy loops.
void check_indices(const char* op, const TensorArg& index, int64_t dim, int64_t size) {
  check_same_dtype(op, DType::i64, index.dtype, "index");
  const int64_t* p = index.data<int64_t>();
  const StridedWalk<1> walk(index.shape, {&index.strides});
  const int64_t stride = walk.inner_stride(0);
  walk.for_runs(0, index.numel(), [&](const int64_t* offset, int64_t n) {
    for (int64_t j = 0; j < n; ++j) {
      const int64_t i = p[offset[0] + j * stride];
      AXON_CHECK(i >= 0 && i < size,
                 "{}: index {} is out of range for dimension {} with size {} (expected 0 <= index "
                 "< {})",
                 op, i, dim, size, size);
    }
  });
}

// A 0-d tensor indexes like its 1-element 1-d view (dim 0 of a scalar).
TensorArg at_least_1d(const TensorArg& t) {
  if (t.dim() > 0) return t;
  TensorArg view = t;
  view.shape = {1};
  view.strides = {1};
  return view;
}

// A 1-D index seen as a tensor of `shape` that varies only along `dim`.
TensorArg broadcast_index(const char* op, const TensorArg& index, const Shape& shape, int64_t dim) {
  AXON_CHECK(index.dim() == 1, "{}: expected a 1-D index, got shape {}", op, index.shape);
  TensorArg view = index;
  view.shape = shape;
  view.strides.assign(shape.size(), 0);
  view.strides[dim] = index.strides[0];
  return view;
}

// out[..i..] = x[..index[..i..]..] along dim; index has out's shape.
void gather_lines(const char* op, const TensorArg& x, const TensorArg& index, const TensorArg& out,
                  int64_t dim) {
  dispatch(AllTypes{}, x.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    check_same_dtype(op, dtype_of<T>(), out.dtype, "output");
    const T* src = x.data<T>();
    const int64_t* idx = index.data<int64_t>();
    T* dst = out.data<T>();
    const int64_t n = out.shape[dim];
    const int64_t xs = x.strides[dim], is = index.strides[dim], os = out.strides[dim];
    for_each_line<3>(out.shape, dim, {&x.strides, &index.strides, &out.strides},
                     [&](const int64_t* offsets) {
                       const T* line = src + offsets[0];
                       for (int64_t j = 0; j < n; ++j) {
                         dst[offsets[2] + j * os] = line[idx[offsets[1] + j * is] * xs];
                       }
                     });
  });
}

// out[..index[..i..]..] += alpha src[..i..] along dim. Lines differ in some
// other dim, so they never write the same element: running them in parallel
// is race-free, and repeated indices within a line add up in order.
void scatter_add_lines(const char* op, const TensorArg& index, const TensorArg& src,
                       const TensorArg& out, int64_t dim, double alpha) {
  dispatch(Numeric{}, src.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    check_same_dtype(op, dtype_of<T>(), out.dtype, "output");
    const T* from = src.data<T>();
    const int64_t* idx = index.data<int64_t>();
    T* dst = out.data<T>();
    const T scale = static_cast<T>(alpha);
    const int64_t n = index.shape[dim];
    const int64_t is = index.strides[dim], ss = src.strides[dim], os = out.strides[dim];
    for_each_line<3>(index.shape, dim, {&index.strides, &src.strides, &out.strides},
                     [&](const int64_t* offsets) {
                       T* line = dst + offsets[2];
                       for (int64_t j = 0; j < n; ++j) {
                         line[idx[offsets[0] + j * is] * os] += scale * from[offsets[1] + j * ss];
                       }
                     });
  });
}

void gather(const KernelArgs& args) {
  const TensorArg x = at_least_1d(args.in[0]), index = at_least_1d(args.in[1]);
  check_indices("gather", index, args.dim, x.shape[args.dim]);
  gather_lines("gather", x, index, at_least_1d(args.out[0]), args.dim);
}

void scatter_add(const KernelArgs& args) {
  const TensorArg index = at_least_1d(args.in[0]), src = at_least_1d(args.in[1]);
  const TensorArg out = at_least_1d(args.out[0]);
  check_indices("scatter_add", index, args.dim, out.shape[args.dim]);
  scatter_add_lines("scatter_add", index, src, out, args.dim, 1.0);
}

void index_select(const KernelArgs& args) {
  const TensorArg& index = args.in[1];
  const TensorArg x = at_least_1d(args.in[0]), out = at_least_1d(args.out[0]);
  check_indices("index_select", index, args.dim, x.shape[args.dim]);
  gather_lines("index_select", x, broadcast_index("index_select", index, out.shape, args.dim), out,
               args.dim);
}

void index_add(const KernelArgs& args) {
  const TensorArg& index = args.in[0];
  const TensorArg src = at_least_1d(args.in[1]), out = at_least_1d(args.out[0]);
  check_indices("index_add", index, args.dim, out.shape[args.dim]);
  scatter_add_lines("index_add", broadcast_index("index_add", index, src.shape, args.dim), src, out,
                    args.dim, args.alpha);
}

void register_index(Registrar& r) {
  r.add_kernel("gather", "cpu", gather);
  r.add_kernel("scatter_add", "cpu", scatter_add);
  r.add_kernel("index_select", "cpu", index_select);
  r.add_kernel("index_add", "cpu", index_add);
}

}  // namespace

AXON_REGISTER(register_index);

}  // namespace axon::cpu
