// In-place updates: kernels whose output is the tensor itself.
#include "tensor/internal.h"

namespace axon {
namespace {

Tensor& inplace_binary(Tensor& self, dispatch::OpId op, const char* name, const Tensor& other) {
  detail::check_inplace(self, name);
  Tensor rhs = detail::cast(other.detach(), self.dtype());
  if (&rhs.device() != &self.device()) rhs = rhs.to(self.device());
  Shape shape = broadcast_shapes(self.shape(), rhs.shape(), name);
  AXON_CHECK(shape == self.shape(), "{}: output with shape {} doesn't match the broadcast shape {}",
             name, shape_str(self.shape()), shape_str(shape));
  KernelArgs args;
  detail::launch(op, self.device(), args, {self, rhs.expand(shape)}, {self});
  return self;
}

Tensor& inplace_scalar(Tensor& self, dispatch::OpId op, const char* name, double value) {
  detail::check_inplace(self, name);
  KernelArgs args;
  args.alpha = value;
  detail::launch(op, self.device(), args, {self}, {self});
  return self;
}

Tensor& fill_random(Tensor& self, dispatch::OpId op, const char* name, double a, double b) {
  detail::check_inplace(self, name);
  AXON_CHECK(is_floating(self.dtype()), "{}: expected a floating point tensor, got {}", name,
             dtype_name(self.dtype()));
  Tensor target =
      self.is_contiguous() ? self : detail::make_empty(self.shape(), self.dtype(), self.device());
  KernelArgs args;
  args.alpha = a;
  args.beta = b;
  Generator& gen = self.device().generator();
  args.seed = gen.seed;
  args.counter = gen.advance(self.numel());
  detail::launch(op, self.device(), args, {}, {target});
  if (!target.is_same(self)) detail::copy_into(self, target);
  return self;
}

}  // namespace

Tensor& Tensor::fill_(double value) {
  detail::check_inplace(*this, "fill_");
  KernelArgs args;
  args.alpha = value;
  detail::launch(AXON_OP("fill"), device(), args, {}, {*this});
  return *this;
}

Tensor& Tensor::zero_() { return fill_(0.0); }

Tensor& Tensor::copy_(const Tensor& src) {
  detail::check_inplace(*this, "copy_");
  broadcast_shapes(shape(), src.shape(), "copy_");
  detail::copy_into(*this, src.detach());
  return *this;
}

Tensor& Tensor::add_(const Tensor& other, double alpha) {
  if (alpha == 1.0) return inplace_binary(*this, AXON_OP("add"), "add_", other);
  NoGradGuard no_grad;
  return inplace_binary(*this, AXON_OP("add"), "add_", mul(other, alpha));
}

Tensor& Tensor::add_(double value) {
  return inplace_scalar(*this, AXON_OP("add_scalar"), "add_", value);
}

Tensor& Tensor::sub_(const Tensor& other, double alpha) {
  if (alpha == 1.0) return inplace_binary(*this, AXON_OP("sub"), "sub_", other);
  return add_(other, -alpha);
}

Tensor& Tensor::mul_(const Tensor& other) {
  return inplace_binary(*this, AXON_OP("mul"), "mul_", other);
}
Tensor& Tensor::mul_(double value) {
  return inplace_scalar(*this, AXON_OP("mul_scalar"), "mul_", value);
}
Tensor& Tensor::div_(const Tensor& other) {
  return inplace_binary(*this, AXON_OP("div"), "div_", other);
}
Tensor& Tensor::div_(double value) {
  return inplace_scalar(*this, AXON_OP("div_scalar"), "div_", value);
}

Tensor& Tensor::addcmul_(const Tensor& a, const Tensor& b, double value) {
  NoGradGuard no_grad;
  return add_(mul(a, b), value);
}

Tensor& Tensor::addcdiv_(const Tensor& a, const Tensor& b, double value) {
  NoGradGuard no_grad;
  return add_(div(a, b), value);
}

Tensor& Tensor::clamp_(double min, double max) {
  detail::check_inplace(*this, "clamp_");
  KernelArgs args;
  args.alpha = min;
  args.beta = max;
  args.dims = {1, 1};
  detail::launch(AXON_OP("clamp"), device(), args, {*this}, {*this});
  return *this;
}

Tensor& Tensor::uniform_(double low, double high) {
  return fill_random(*this, AXON_OP("uniform"), "uniform_", low, high);
}

Tensor& Tensor::normal_(double mean, double std) {
  return fill_random(*this, AXON_OP("normal"), "normal_", mean, std);
}

}  // namespace axon
