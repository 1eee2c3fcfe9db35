// fill: out = alpha; copy: out = cast(in). Any dtype, any strides.
#include "cast.h"
#include "dtype_dispatch.h"
#include "elementwise.h"

#include <axon/plugin.h>

namespace axon::cpu {
namespace {

void fill(const KernelArgs& args) {
  const TensorArg& out = args.out[0];
  dispatch(AllTypes{}, out.dtype, "fill", [&](auto tag) {
    using T = decltype(tag);
    const T value = cast<T>(args.alpha);
    elementwise<T>([value] { return value; }, out);
  });
}

void copy(const KernelArgs& args) {
  const TensorArg& in = args.in[0];
  const TensorArg& out = args.out[0];
  dispatch(AllTypes{}, in.dtype, "copy", [&](auto from_tag) {
    using From = decltype(from_tag);
    dispatch(AllTypes{}, out.dtype, "copy", [&](auto to_tag) {
      using To = decltype(to_tag);
      elementwise<To, From>([](From x) { return cast<To>(x); }, out, in);
    });
  });
}

void register_fill_copy(Registrar& registrar) {
  registrar.add_kernel("fill", "cpu", fill);
  registrar.add_kernel("copy", "cpu", copy);
}

}  // namespace

AXON_REGISTER(register_fill_copy);

}  // namespace axon::cpu
