// Variance over dims, composed from mean and sum (derivatives from the tape).
#include "tensor/internal.h"

namespace axon {

std::pair<Tensor, Tensor> var_mean(const Tensor& x, const std::vector<int64_t>& dims, bool unbiased,
                                   bool keepdim) {
  AXON_CHECK(is_floating(x.dtype()), "var: expected a floating point tensor, got {}",
             dtype_name(x.dtype()));
  Tensor mu = mean(x, dims, true);
  // Elements per reduced slice; Bessel's correction divides by one less (a
  // single element then gives nan or inf, as in PyTorch).
  double count = mu.numel() > 0 ? static_cast<double>(x.numel() / mu.numel()) : 0.0;
  Tensor squares = sum(square(sub(x, mu)), dims, keepdim);
  Tensor variance = div(squares, unbiased ? count - 1 : count);
  return {variance, keepdim ? mu : mean(x, dims, false)};
}

Tensor var(const Tensor& x, const std::vector<int64_t>& dims, bool unbiased, bool keepdim) {
  return var_mean(x, dims, unbiased, keepdim).first;
}

}  // namespace axon
