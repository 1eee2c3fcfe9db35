// Builds elementwise kernels from a per-element function, so that each unary
// or binary op is one line: op(x, attrs) or op(a, b, attrs), computed in the
// tensor's own type T (inputs and output share it).
#pragma once

#include "dtype_dispatch.h"
#include "elementwise.h"

#include <axon/kernels.h>
#include <axon/plugin.h>

namespace axon::cpu {

// The scalar attributes of KernelArgs, copied out so that the inner loops see
// constants (a reference into KernelArgs could alias the output).
struct Attrs {
  double alpha = 0, beta = 0;
  bool flag = false;
  explicit Attrs(const KernelArgs& args) : alpha(args.alpha), beta(args.beta), flag(args.flag) {}
};

// out[0] = op(in[0], attrs).
template <class Types, class Op>
void add_unary(Registrar& registrar, const char* name, Op op) {
  registrar.add_kernel(name, "cpu", [name, op](const KernelArgs& args) {
    dispatch(Types{}, args.in[0].dtype, name, [&](auto tag) {
      using T = decltype(tag);
      check_same_dtype(name, dtype_of<T>(), args.out[0].dtype, "output");
      const Attrs attrs(args);
      elementwise<T, T>([op, attrs](T x) { return op(x, attrs); }, args.out[0], args.in[0]);
    });
  });
}

// out[0] = op(in[0], in[1], attrs).
template <class Types, class Op>
void add_binary(Registrar& registrar, const char* name, Op op) {
  registrar.add_kernel(name, "cpu", [name, op](const KernelArgs& args) {
    dispatch(Types{}, args.in[0].dtype, name, [&](auto tag) {
      using T = decltype(tag);
      check_same_dtype(name, dtype_of<T>(), args.in[1].dtype, "second input");
      check_same_dtype(name, dtype_of<T>(), args.out[0].dtype, "output");
      const Attrs attrs(args);
      elementwise<T, T, T>([op, attrs](T a, T b) { return op(a, b, attrs); }, args.out[0],
                           args.in[0], args.in[1]);
    });
  });
}

}  // namespace axon::cpu
