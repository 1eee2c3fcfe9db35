#include "tensor/internal.h"

namespace axon::detail {

Tensor make_empty(const Shape& shape, DType dtype, Device& device) {
  for (int64_t s : shape)
    AXON_CHECK(s >= 0, "empty: negative dimension in shape {}", shape_str(shape));
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = std::make_shared<Storage>(device, axon::numel(shape) * dtype_size(dtype));
  impl->shape = shape;
  impl->strides = contiguous_strides(shape);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor make_view(const Tensor& base, Shape shape, Shape strides, int64_t offset) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = base.impl()->storage;
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->offset = offset;
  impl->dtype = base.dtype();
  return Tensor(std::move(impl));
}

Device& common_device(const char* op, std::initializer_list<const Tensor*> tensors) {
  Device* device = nullptr;
  for (const Tensor* t : tensors) {
    if (!t->defined()) continue;
    Device& d = t->device();
    AXON_CHECK(!device || device == &d,
               "{}: expected all tensors to be on the same device, but found at least two "
               "devices, {} and {}",
               op, device ? device->name() : "", d.name());
    device = &d;
  }
  AXON_CHECK(device, "{}: no defined tensor among the arguments", op);
  return *device;
}

void launch(dispatch::OpId op, Device& device, KernelArgs& args, std::initializer_list<Tensor> in,
            std::initializer_list<Tensor> out) {
  args.in.clear();
  args.out.clear();
  for (const Tensor& t : in) args.in.push_back(t.arg());
  for (const Tensor& t : out) args.out.push_back(t.arg());
  dispatch::call(op, device, args);
}

void copy_into(const Tensor& dst, const Tensor& src) {
  Tensor source = &src.device() == &dst.device() ? src : src.detach().to(dst.device());
  if (source.shape() != dst.shape()) source = source.detach().expand(dst.shape());
  KernelArgs args;
  launch(AXON_OP("copy"), dst.device(), args, {source}, {dst});
}

void check_inplace(const Tensor& t, const char* op) {
  if (!grad_mode_enabled() || !t.requires_grad()) return;
  AXON_CHECK(!t.is_leaf(),
             "{}: a leaf Variable that requires grad is being used in an in-place operation "
             "(use NoGradGuard for updates of parameters)",
             op);
  AXON_CHECK(false,
             "{}: in-place operations on tensors that are part of the autograd graph are not "
             "supported; use the out-of-place op",
             op);
}

Tensor cast(const Tensor& t, DType dtype) {
  if (t.dtype() == dtype) return t;
  Tensor out = make_empty(t.shape(), dtype, t.device());
  copy_into(out, t);
  return out;
}

}  // namespace axon::detail
