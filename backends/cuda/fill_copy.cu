// fill: out = alpha in out's dtype; copy: out = in cast to out's dtype, any
// strides on either side.
#include "launch.cuh"
#include "registry.h"

namespace axon::cuda {
namespace {

// The cpu's conversions (backends/cpu/cast.h): bool from anything is "not
// zero"; a float goes to u8 through i64, wrapping modulo 256. Also called on
// the host, for fill's value.
template <class To, class From>
__host__ __device__ To cast_to(From x) {
  if constexpr (std::is_same_v<To, bool>)
    return x != From(0);
  else if constexpr (std::is_same_v<To, uint8_t> && std::is_floating_point_v<From>)
    return static_cast<uint8_t>(static_cast<int64_t>(x));
  else
    return static_cast<To>(x);
}

template <class T>
void fill_as(const CudaDevice& device, const TensorArg& out, double value) {
  const auto calc = make_offset_calculator<1>(out.shape, {&out.strides});
  T* data = out.data<T>();
  const T v = cast_to<T>(value);
  for_each(device, out.numel(), [=] __device__(int64_t i) {
    int64_t at[1];
    calc.offsets(i, at);
    data[at[0]] = v;
  });
}

template <class From, class To>
void copy_as(const CudaDevice& device, const TensorArg& in, const TensorArg& out) {
  const auto calc = make_offset_calculator<2>(out.shape, {&out.strides, &in.strides});
  const From* src = in.data<From>();
  To* dst = out.data<To>();
  for_each(device, out.numel(), [=] __device__(int64_t i) {
    int64_t at[2];
    calc.offsets(i, at);
    dst[at[0]] = cast_to<To>(src[at[1]]);
  });
}

void fill(const KernelArgs& args) {
  CudaDevice& device = CudaDevice::of(args);
  const TensorArg& out = args.out[0];
  dispatch_all("fill", out.dtype,
               [&](auto zero) { fill_as<decltype(zero)>(device, out, args.alpha); });
}

void copy(const KernelArgs& args) {
  CudaDevice& device = CudaDevice::of(args);
  const TensorArg &in = args.in[0], &out = args.out[0];
  dispatch_all("copy", in.dtype, [&](auto from) {
    dispatch_all("copy", out.dtype,
                 [&](auto to) { copy_as<decltype(from), decltype(to)>(device, in, out); });
  });
}

AXON_CUDA_KERNEL("fill", fill);
AXON_CUDA_KERNEL("copy", copy);

}  // namespace
}  // namespace axon::cuda
