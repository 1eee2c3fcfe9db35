// softmax and log_softmax: primitives with fused backward kernels.
#include "tensor/internal.h"

namespace axon {
namespace {

Tensor softmax_family(dispatch::OpId op, dispatch::OpId backward_op, const char* name,
                      const Tensor& input, int64_t dim) {
  Tensor x = is_floating(input.dtype()) ? input : input.to(DType::f32);
  int64_t d = wrap_dim(dim, x.dim(), name);
  Tensor y = detail::make_empty(x.shape(), x.dtype(), x.device());
  KernelArgs args;
  args.dim = x.dim() == 0 ? 0 : d;
  Tensor xin = x.dim() == 0 ? x.detach().reshape({1}) : x.detach();
  Tensor yout = x.dim() == 0 ? y.reshape({1}) : y;
  detail::launch(op, x.device(), args, {xin}, {yout});
  Tensor saved = yout.detach();
  autograd::record(name, {x}, y, [=](const TensorList& g) {
    Tensor grad = detail::make_empty(saved.shape(), saved.dtype(), saved.device());
    KernelArgs bw = args;
    detail::launch(backward_op, saved.device(), bw,
                   {g[0].contiguous().reshape(saved.shape()), saved}, {grad});
    return TensorList{grad.reshape(x.shape())};
  });
  return y;
}

}  // namespace

Tensor softmax(const Tensor& x, int64_t dim) {
  return softmax_family(AXON_OP("softmax"), AXON_OP("softmax_backward"), "softmax", x, dim);
}

Tensor log_softmax(const Tensor& x, int64_t dim) {
  return softmax_family(AXON_OP("log_softmax"), AXON_OP("log_softmax_backward"), "log_softmax", x,
                        dim);
}

}  // namespace axon
