// Binary ops with broadcasting and type promotion, and their derivatives.
#include "tensor/internal.h"

namespace axon {
namespace {

struct Operands {
  Tensor a, b;  // promoted to the common dtype (recorded, so gradients flow back)
  Shape shape;  // broadcast shape
  Device* device;
};

Operands prepare(const char* name, const Tensor& a, const Tensor& b) {
  Device& device = detail::common_device(name, {&a, &b});
  DType dtype = promote(a.dtype(), b.dtype());
  return Operands{a.to(dtype), b.to(dtype), broadcast_shapes(a.shape(), b.shape(), name), &device};
}

// The operand as the kernel sees it: broadcast (stride 0) to the output's shape.
// Kernel arguments are not recorded, so no detach() is needed.
Tensor broadcast_arg(const Tensor& t, const Shape& shape) {
  return t.shape() == shape ? t : t.detach().expand(shape);
}

Tensor launch_binary(dispatch::OpId op, const Operands& o, DType out_dtype) {
  Tensor out = detail::make_empty(o.shape, out_dtype, *o.device);
  KernelArgs args;
  detail::launch(op, *o.device, args, {broadcast_arg(o.a, o.shape), broadcast_arg(o.b, o.shape)},
                 {out});
  return out;
}

// d(out)/da and d(out)/db as functions of (g, a, b, out), reduced to the inputs' shapes.
template <class GradA, class GradB>
Tensor differentiable_binary(dispatch::OpId op, const char* name, const Tensor& a, const Tensor& b,
                             GradA grad_a, GradB grad_b) {
  Operands o = prepare(name, a, b);
  Tensor out = launch_binary(op, o, o.a.dtype());
  if (autograd::needs_grad({o.a, o.b})) {
    Tensor sa = o.a.detach(), sb = o.b.detach(), so = out.detach();
    Shape shape_a = o.a.shape(), shape_b = o.b.shape();
    autograd::record(name, {o.a, o.b}, out, [=](const TensorList& g) {
      return TensorList{sum_to(grad_a(g[0], sa, sb, so), shape_a),
                        sum_to(grad_b(g[0], sa, sb, so), shape_b)};
    });
  }
  return out;
}

Tensor comparison(dispatch::OpId op, const char* name, const Tensor& a, const Tensor& b) {
  return launch_binary(op, prepare(name, a, b), DType::boolean);
}

// Integer tensors with a fractional scalar, and true division, compute in f32 (as PyTorch).
DType scalar_result_dtype(DType x, double s, bool floating_op) {
  if (is_floating(x)) return x;
  if (floating_op || s != static_cast<double>(static_cast<int64_t>(s))) return DType::f32;
  return x == DType::boolean ? DType::i64 : x;
}

Tensor launch_scalar(dispatch::OpId op, const Tensor& x, double s, bool reverse, DType out_dtype) {
  Tensor out = detail::make_empty(x.shape(), out_dtype, x.device());
  KernelArgs args;
  args.alpha = s;
  args.flag = reverse;
  detail::launch(op, x.device(), args, {x}, {out});
  return out;
}

template <class Grad>
Tensor differentiable_scalar(dispatch::OpId op, const char* name, const Tensor& input, double s,
                             bool reverse, bool floating_op, Grad grad) {
  Tensor x = input.to(scalar_result_dtype(input.dtype(), s, floating_op));
  Tensor out = launch_scalar(op, x, s, reverse, x.dtype());
  if (autograd::needs_grad({x})) {
    Tensor sx = x.detach(), so = out.detach();
    autograd::record(name, {x}, out,
                     [=](const TensorList& g) { return TensorList{grad(g[0], sx, so)}; });
  }
  return out;
}

Tensor scalar_comparison(dispatch::OpId op, const Tensor& x, double s) {
  return launch_scalar(op, x, s, false, DType::boolean);
}

// Where a and b tie, max/min split the gradient evenly (PyTorch's maximum backward).
Tensor tie_mask(const Tensor& a, const Tensor& b, bool a_wins_when_greater) {
  Tensor wins = a_wins_when_greater ? gt(a, b) : lt(a, b);
  return where(eq(a, b), full_like(a, 0.5), wins.to(a.dtype()));
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b, double alpha) {
  if (alpha != 1.0) return add(a, mul(b, alpha));
  return differentiable_binary(
      AXON_OP("add"), "add", a, b, [](const Tensor& g, auto&, auto&, auto&) { return g; },
      [](const Tensor& g, auto&, auto&, auto&) { return g; });
}

Tensor sub(const Tensor& a, const Tensor& b, double alpha) {
  if (alpha != 1.0) return sub(a, mul(b, alpha));
  return differentiable_binary(
      AXON_OP("sub"), "sub", a, b, [](const Tensor& g, auto&, auto&, auto&) { return g; },
      [](const Tensor& g, auto&, auto&, auto&) { return neg(g); });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  return differentiable_binary(
      AXON_OP("mul"), "mul", a, b,
      [](const Tensor& g, const Tensor&, const Tensor& b, auto&) { return mul(g, b); },
      [](const Tensor& g, const Tensor& a, const Tensor&, auto&) { return mul(g, a); });
}

Tensor div(const Tensor& a, const Tensor& b) {
  if (!is_floating(a.dtype()) && !is_floating(b.dtype()))
    return div(a.to(DType::f32), b.to(DType::f32));
  return differentiable_binary(
      AXON_OP("div"), "div", a, b,
      [](const Tensor& g, const Tensor&, const Tensor& b, auto&) { return div(g, b); },
      [](const Tensor& g, const Tensor&, const Tensor& b, const Tensor& out) {
        return neg(div(mul(g, out), b));
      });
}

Tensor pow(const Tensor& a, const Tensor& b) {
  return differentiable_binary(
      AXON_OP("pow"), "pow", a, b,
      [](const Tensor& g, const Tensor& a, const Tensor& b, auto&) {
        return mul(g, mul(b, pow(a, sub(b, 1.0))));
      },
      [](const Tensor& g, const Tensor& a, const Tensor&, const Tensor& out) {
        // d/db a^b = a^b ln a; PyTorch takes 0 where a == 0 (and b >= 0).
        Tensor grad = mul(g, mul(out, log(a)));
        return where(eq(a, 0.0), zeros_like(grad), grad);
      });
}

Tensor maximum(const Tensor& a, const Tensor& b) {
  return differentiable_binary(
      AXON_OP("maximum"), "maximum", a, b,
      [](const Tensor& g, const Tensor& a, const Tensor& b, auto&) {
        return mul(g, tie_mask(a, b, true));
      },
      [](const Tensor& g, const Tensor& a, const Tensor& b, auto&) {
        return mul(g, tie_mask(b, a, true));
      });
}

Tensor minimum(const Tensor& a, const Tensor& b) {
  return differentiable_binary(
      AXON_OP("minimum"), "minimum", a, b,
      [](const Tensor& g, const Tensor& a, const Tensor& b, auto&) {
        return mul(g, tie_mask(a, b, false));
      },
      [](const Tensor& g, const Tensor& a, const Tensor& b, auto&) {
        return mul(g, tie_mask(b, a, false));
      });
}

Tensor pow(const Tensor& a, double exponent) {
  return differentiable_scalar(AXON_OP("pow_scalar"), "pow", a, exponent, false, true,
                               [exponent](const Tensor& g, const Tensor& x, const Tensor&) {
                                 if (exponent == 0.0) return zeros_like(g);
                                 return mul(g, mul(pow(x, exponent - 1.0), exponent));
                               });
}

Tensor pow(double base, const Tensor& exponent) {
  return differentiable_scalar(AXON_OP("pow_scalar"), "pow", exponent, base, true, true,
                               [base](const Tensor& g, const Tensor&, const Tensor& out) {
                                 return mul(g, mul(out, std::log(base)));
                               });
}

Tensor add(const Tensor& a, double s) {
  return differentiable_scalar(AXON_OP("add_scalar"), "add", a, s, false, false,
                               [](const Tensor& g, auto&, auto&) { return g; });
}

Tensor sub(const Tensor& a, double s) {
  return differentiable_scalar(AXON_OP("sub_scalar"), "sub", a, s, false, false,
                               [](const Tensor& g, auto&, auto&) { return g; });
}

Tensor sub(double s, const Tensor& a) {
  return differentiable_scalar(AXON_OP("sub_scalar"), "sub", a, s, true, false,
                               [](const Tensor& g, auto&, auto&) { return neg(g); });
}

Tensor mul(const Tensor& a, double s) {
  return differentiable_scalar(AXON_OP("mul_scalar"), "mul", a, s, false, false,
                               [s](const Tensor& g, auto&, auto&) { return mul(g, s); });
}

Tensor div(const Tensor& a, double s) {
  return differentiable_scalar(AXON_OP("div_scalar"), "div", a, s, false, true,
                               [s](const Tensor& g, auto&, auto&) { return div(g, s); });
}

Tensor div(double s, const Tensor& a) {
  return differentiable_scalar(
      AXON_OP("div_scalar"), "div", a, s, true, true,
      [](const Tensor& g, const Tensor& x, const Tensor& out) { return neg(div(mul(g, out), x)); });
}

Tensor maximum(const Tensor& a, double s) {
  return differentiable_scalar(
      AXON_OP("maximum_scalar"), "maximum", a, s, false, false,
      [s](const Tensor& g, const Tensor& x, auto&) { return mul(g, ge(x, s).to(g.dtype())); });
}

Tensor minimum(const Tensor& a, double s) {
  return differentiable_scalar(
      AXON_OP("minimum_scalar"), "minimum", a, s, false, false,
      [s](const Tensor& g, const Tensor& x, auto&) { return mul(g, le(x, s).to(g.dtype())); });
}

Tensor eq(const Tensor& a, const Tensor& b) { return comparison(AXON_OP("eq"), "eq", a, b); }
Tensor ne(const Tensor& a, const Tensor& b) { return comparison(AXON_OP("ne"), "ne", a, b); }
Tensor lt(const Tensor& a, const Tensor& b) { return comparison(AXON_OP("lt"), "lt", a, b); }
Tensor le(const Tensor& a, const Tensor& b) { return comparison(AXON_OP("le"), "le", a, b); }
Tensor gt(const Tensor& a, const Tensor& b) { return comparison(AXON_OP("gt"), "gt", a, b); }
Tensor ge(const Tensor& a, const Tensor& b) { return comparison(AXON_OP("ge"), "ge", a, b); }
Tensor eq(const Tensor& a, double s) { return scalar_comparison(AXON_OP("eq_scalar"), a, s); }
Tensor ne(const Tensor& a, double s) { return scalar_comparison(AXON_OP("ne_scalar"), a, s); }
Tensor lt(const Tensor& a, double s) { return scalar_comparison(AXON_OP("lt_scalar"), a, s); }
Tensor le(const Tensor& a, double s) { return scalar_comparison(AXON_OP("le_scalar"), a, s); }
Tensor gt(const Tensor& a, double s) { return scalar_comparison(AXON_OP("gt_scalar"), a, s); }
Tensor ge(const Tensor& a, double s) { return scalar_comparison(AXON_OP("ge_scalar"), a, s); }

Tensor operator-(const Tensor& x) { return neg(x); }
Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator+(const Tensor& a, double s) { return add(a, s); }
Tensor operator-(const Tensor& a, double s) { return sub(a, s); }
Tensor operator*(const Tensor& a, double s) { return mul(a, s); }
Tensor operator/(const Tensor& a, double s) { return div(a, s); }
Tensor operator+(double s, const Tensor& a) { return add(a, s); }
Tensor operator-(double s, const Tensor& a) { return sub(s, a); }
Tensor operator*(double s, const Tensor& a) { return mul(a, s); }
Tensor operator/(double s, const Tensor& a) { return div(s, a); }

}  // namespace axon
