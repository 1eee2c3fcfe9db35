// Index ops along `dim`, with i64 indices that must lie in [0, size):
//   gather        out[..i..] = x[..index[..i..]..]           in = {x, index}
//   scatter_add   out[..index[..i..]..] += src[..i..]        in = {index, src}
//   index_select  out = x taken at the 1-D index along dim   in = {x, index}
//   index_add     out.select(dim, index[i]) += alpha src.select(dim, i)   in = {index, src}
// index_select and index_add are gather and scatter_add with the 1-D index
// broadcast over the other dims (stride 0), as on the cpu.
//
// A thread per index element. Each checks its index: a bad one is reported
// (the host throws it at the next synchronizing call) and its element
// skipped. The adds are atomic, so repeated indices add up in any order.
#include "launch.cuh"
#include "lines.cuh"
#include "registry.h"

#include <cstdint>
#include <string>

namespace axon::cuda {
namespace {

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
  if (index.dim() != 1)
    fail(std::string(op) + ": expected a 1-D index, got shape " + shape_str(index.shape));
  TensorArg view = index;
  view.shape = shape;
  view.strides.assign(shape.size(), 0);
  view.strides[dim] = index.strides[0];
  return view;
}

// The strides of `t` with 0 along dim: the offset of a position's line start.
Shape without_dim(const TensorArg& t, int64_t dim) {
  Shape strides = t.strides;
  strides[dim] = 0;
  return strides;
}

void check_index_dtype(const char* op, const TensorArg& index) {
  check_dtype(op, DType::i64, index.dtype, "index");
}

// out[..i..] = x[..index[..i..]..] along dim; index has out's shape.
template <class T>
void gather_as(const CudaDevice& device, int fault_op, const TensorArg& x, const TensorArg& index,
               const TensorArg& out, int64_t dim) {
  const Shape x_strides = without_dim(x, dim);
  const auto calc =
      make_offset_calculator<3>(out.shape, {&x_strides, &index.strides, &out.strides});
  const T* src = x.data<T>();
  const int64_t* idx = index.data<int64_t>();
  T* dst = out.data<T>();
  const int64_t size = x.shape[dim], stride = x.strides[dim];
  const FaultSlot fault = device.fault_slot();
  for_each(device, out.numel(), [=] __device__(int64_t i) {
    int64_t at[3];
    calc.offsets(i, at);
    const int64_t k = idx[at[1]];
    if (k < 0 || k >= size) {
      report_bad_index(fault, fault_op, k, dim, size);
      return;
    }
    dst[at[2]] = src[at[0] + k * stride];
  });
}

__device__ inline void atomic_add(float* p, float v) { atomicAdd(p, v); }
__device__ inline void atomic_add(double* p, double v) { atomicAdd(p, v); }
// Two's complement: adding as unsigned is adding as signed.
__device__ inline void atomic_add(int64_t* p, int64_t v) {
  atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
}

// out[..index[..i..]..] += alpha src[..i..] along dim; index has src's shape
// (or broadcasts to it).
template <class T>
void scatter_add_as(const CudaDevice& device, int fault_op, const TensorArg& index,
                    const TensorArg& src, const TensorArg& out, int64_t dim, double alpha) {
  const Shape out_strides = without_dim(out, dim);
  const auto calc =
      make_offset_calculator<3>(index.shape, {&index.strides, &src.strides, &out_strides});
  const int64_t* idx = index.data<int64_t>();
  const T* from = src.data<T>();
  T* dst = out.data<T>();
  const T scale = static_cast<T>(alpha);
  const int64_t size = out.shape[dim], stride = out.strides[dim];
  const FaultSlot fault = device.fault_slot();
  for_each(device, index.numel(), [=] __device__(int64_t i) {
    int64_t at[3];
    calc.offsets(i, at);
    const int64_t k = idx[at[0]];
    if (k < 0 || k >= size) {
      report_bad_index(fault, fault_op, k, dim, size);
      return;
    }
    atomic_add(dst + at[2] + k * stride, scale * from[at[1]]);
  });
}

void gather_lines(const char* op, int fault_op, const KernelArgs& args, const TensorArg& x,
                  const TensorArg& index, const TensorArg& out) {
  CudaDevice& device = CudaDevice::of(args);
  dispatch_all(op, x.dtype, [&](auto zero) {
    using T = decltype(zero);
    check_dtype(op, dtype_of<T>(), out.dtype, "output");
    gather_as<T>(device, fault_op, x, index, out, args.dim);
  });
}

void scatter_add_lines(const char* op, int fault_op, const KernelArgs& args, const TensorArg& index,
                       const TensorArg& src, const TensorArg& out, double alpha) {
  CudaDevice& device = CudaDevice::of(args);
  dispatch_numeric(op, src.dtype, [&](auto zero) {
    using T = decltype(zero);
    check_dtype(op, dtype_of<T>(), out.dtype, "output");
    scatter_add_as<T>(device, fault_op, index, src, out, args.dim, alpha);
  });
}

void gather(const KernelArgs& args) {
  const TensorArg x = at_least_1d(args.in[0]), index = at_least_1d(args.in[1]);
  check_index_dtype("gather", index);
  gather_lines("gather", kFaultGather, args, x, index, at_least_1d(args.out[0]));
}

void scatter_add(const KernelArgs& args) {
  const TensorArg index = at_least_1d(args.in[0]), src = at_least_1d(args.in[1]);
  check_index_dtype("scatter_add", index);
  scatter_add_lines("scatter_add", kFaultScatterAdd, args, index, src, at_least_1d(args.out[0]),
                    1.0);
}

void index_select(const KernelArgs& args) {
  const TensorArg& index = args.in[1];
  const TensorArg x = at_least_1d(args.in[0]), out = at_least_1d(args.out[0]);
  check_index_dtype("index_select", index);
  gather_lines("index_select", kFaultIndexSelect, args, x,
               broadcast_index("index_select", index, out.shape, args.dim), out);
}

void index_add(const KernelArgs& args) {
  const TensorArg& index = args.in[0];
  const TensorArg src = at_least_1d(args.in[1]), out = at_least_1d(args.out[0]);
  check_index_dtype("index_add", index);
  scatter_add_lines("index_add", kFaultIndexAdd, args,
                    broadcast_index("index_add", index, src.shape, args.dim), src, out, args.alpha);
}

AXON_CUDA_KERNEL("gather", gather);
AXON_CUDA_KERNEL("scatter_add", scatter_add);
AXON_CUDA_KERNEL("index_select", index_select);
AXON_CUDA_KERNEL("index_add", index_add);

}  // namespace
}  // namespace axon::cuda
