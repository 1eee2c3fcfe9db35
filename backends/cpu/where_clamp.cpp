// where: out = c ? a : b (c bool; a, b, out of one dtype, any).
// clamp: out = min(max(x, alpha), beta), dims = {has_min, has_max}; f32/f64/i64.
#include "cast.h"
#include "dtype_dispatch.h"
#include "elementwise.h"

#include <axon/plugin.h>

#include <limits>

namespace axon::cpu {
namespace {

void where(const KernelArgs& args) {
  check_same_dtype("where", DType::boolean, args.in[0].dtype, "condition");
  dispatch(AllTypes{}, args.in[1].dtype, "where", [&](auto tag) {
    using T = decltype(tag);
    check_same_dtype("where", dtype_of<T>(), args.in[2].dtype, "other");
    check_same_dtype("where", dtype_of<T>(), args.out[0].dtype, "output");
    elementwise<T, bool, T, T>([](bool c, T a, T b) { return c ? a : b; }, args.out[0], args.in[0],
                               args.in[1], args.in[2]);
  });
}

void clamp(const KernelArgs& args) {
  AXON_CHECK(args.dims.size() == 2, "clamp: expected dims = {{has_min, has_max}}, got {}",
             args.dims);
  dispatch(Numeric{}, args.in[0].dtype, "clamp", [&](auto tag) {
    using T = decltype(tag);
    check_same_dtype("clamp", dtype_of<T>(), args.out[0].dtype, "output");
    // An absent bound is the type's extreme, which never changes a value.
    using Limits = std::numeric_limits<T>;
    const T none_low = Limits::has_infinity ? -Limits::infinity() : Limits::lowest();
    const T none_high = Limits::has_infinity ? Limits::infinity() : Limits::max();
    const T low = args.dims[0] != 0 ? cast<T>(args.alpha) : none_low;
    const T high = args.dims[1] != 0 ? cast<T>(args.beta) : none_high;
    // Comparisons keep NaN, as PyTorch's clamp does.
    elementwise<T, T>(
        [low, high](T x) {
          const T raised = x < low ? low : x;
          return raised > high ? high : raised;
        },
        args.out[0], args.in[0]);
  });
}

void register_where_clamp(Registrar& r) {
  r.add_kernel("where", "cpu", where);
  r.add_kernel("clamp", "cpu", clamp);
}

}  // namespace

AXON_REGISTER(register_where_clamp);

}  // namespace axon::cpu
