// Binary ops with broadcasting (inputs arrive expanded to out's shape) and
// their scalar variants: out = a op b, or x op alpha (alpha op x when flag is
// set). add sub mul maximum minimum: f32/f64/i64; div pow: f32/f64.
// Comparisons: inputs of any one dtype, out bool.
#include "cast.h"
#include "map_kernel.h"
#include "scalar_math.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace axon::cpu {
namespace {

// out = op(in[0], s), or op(s, in[0]) when flag is set; in[0] holds T.
template <class Out, class T, class S, class Op>
void map_with_scalar(const Op& op, S s, const KernelArgs& args) {
  if (args.flag) {
    elementwise<Out, T>([op, s](T x) -> Out { return op(s, x); }, args.out[0], args.in[0]);
  } else {
    elementwise<Out, T>([op, s](T x) -> Out { return op(x, s); }, args.out[0], args.in[0]);
  }
}

template <class Types, class Op>
void add_arithmetic(Registrar& r, const char* name, const char* scalar_name, Op op) {
  add_binary<Types>(r, name, [op]<class T>(T a, T b, Attrs) -> T { return op(a, b); });
  r.add_kernel(scalar_name, "cpu", [scalar_name, op](const KernelArgs& args) {
    dispatch(Types{}, args.in[0].dtype, scalar_name, [&](auto tag) {
      using T = decltype(tag);
      check_same_dtype(scalar_name, dtype_of<T>(), args.out[0].dtype, "output");
      map_with_scalar<T, T>(op, cast<T>(args.alpha), args);
    });
  });
}

// Whether s converts to T and back unchanged (2 does for i64, 2.5 does not).
template <class T>
bool exact_in(double s) {
  if constexpr (std::is_floating_point_v<T>) return true;
  if constexpr (std::is_same_v<T, bool>) return s == 0 || s == 1;
  const double limit = std::ldexp(1.0, std::numeric_limits<T>::digits);
  const double lowest = std::is_signed_v<T> ? -limit : 0.0;
  return s >= lowest && s < limit && std::trunc(s) == s;
}

template <class Op>
void add_comparison(Registrar& r, const char* name, const char* scalar_name, Op op) {
  r.add_kernel(name, "cpu", [name, op](const KernelArgs& args) {
    dispatch(AllTypes{}, args.in[0].dtype, name, [&](auto tag) {
      using T = decltype(tag);
      check_same_dtype(name, dtype_of<T>(), args.in[1].dtype, "second input");
      check_same_dtype(name, DType::boolean, args.out[0].dtype, "output");
      elementwise<bool, T, T>(op, args.out[0], args.in[0], args.in[1]);
    });
  });
  r.add_kernel(scalar_name, "cpu", [scalar_name, op](const KernelArgs& args) {
    dispatch(AllTypes{}, args.in[0].dtype, scalar_name, [&](auto tag) {
      using T = decltype(tag);
      check_same_dtype(scalar_name, DType::boolean, args.out[0].dtype, "output");
      if (exact_in<T>(args.alpha)) {
        map_with_scalar<bool, T>(op, static_cast<T>(args.alpha), args);
      } else {  // an integer tensor against 2.5 compares in double, as PyTorch promotes
        auto widened = [op](auto a, auto b) { return op(double(a), double(b)); };
        map_with_scalar<bool, T>(widened, args.alpha, args);
      }
    });
  });
}

void register_arithmetic(Registrar& r) {
  add_arithmetic<Numeric>(r, "add", "add_scalar", []<class T>(T a, T b) -> T { return a + b; });
  add_arithmetic<Numeric>(r, "sub", "sub_scalar", []<class T>(T a, T b) -> T { return a - b; });
  add_arithmetic<Numeric>(r, "mul", "mul_scalar", []<class T>(T a, T b) -> T { return a * b; });
  add_arithmetic<Floating>(r, "div", "div_scalar", []<class T>(T a, T b) -> T { return a / b; });
  add_arithmetic<Floating>(r, "pow", "pow_scalar",
                           []<class T>(T a, T b) -> T { return std::pow(a, b); });
  // NaN wins, as in PyTorch.
  add_arithmetic<Numeric>(r, "maximum", "maximum_scalar",
                          []<class T>(T a, T b) -> T { return (a > b || is_nan(a)) ? a : b; });
  add_arithmetic<Numeric>(r, "minimum", "minimum_scalar",
                          []<class T>(T a, T b) -> T { return (a < b || is_nan(a)) ? a : b; });
}

void register_comparisons(Registrar& r) {
  add_comparison(r, "eq", "eq_scalar", [](auto a, auto b) -> bool { return a == b; });
  add_comparison(r, "ne", "ne_scalar", [](auto a, auto b) -> bool { return a != b; });
  add_comparison(r, "lt", "lt_scalar", [](auto a, auto b) -> bool { return a < b; });
  add_comparison(r, "le", "le_scalar", [](auto a, auto b) -> bool { return a <= b; });
  add_comparison(r, "gt", "gt_scalar", [](auto a, auto b) -> bool { return a > b; });
  add_comparison(r, "ge", "ge_scalar", [](auto a, auto b) -> bool { return a >= b; });
}

void register_binary(Registrar& r) {
  register_arithmetic(r);
  register_comparisons(r);
}

}  // namespace

AXON_REGISTER(register_binary);

}  // namespace axon::cpu
