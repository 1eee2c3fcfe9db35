// The ops API: every differentiable operation on tensors. Primitives call the
// dispatcher and carry hand-written derivatives; composites are written with
// other ops and get their derivatives from the tape. Plugins build on these.
#pragma once

#include <axon/tensor.h>

#include <array>

#include <optional>
#include <utility>
#include <vector>

namespace axon {

// Unary math.
Tensor neg(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor sign(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor log1p(const Tensor& x);
Tensor expm1(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);
Tensor reciprocal(const Tensor& x);
Tensor square(const Tensor& x);
Tensor sin(const Tensor& x);
Tensor cos(const Tensor& x);

// Activations (functional form; the layer form is the plugin).
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor relu(const Tensor& x);
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.01);
Tensor elu(const Tensor& x, double alpha = 1.0);
Tensor gelu(const Tensor& x, bool tanh_approximation = false);
Tensor softplus(const Tensor& x, double beta = 1.0, double threshold = 20.0);
Tensor silu(const Tensor& x);
Tensor softmax(const Tensor& x, int64_t dim);
Tensor log_softmax(const Tensor& x, int64_t dim);

// Binary, with broadcasting and type promotion.
Tensor add(const Tensor& a, const Tensor& b, double alpha = 1.0);  // a + alpha b
Tensor sub(const Tensor& a, const Tensor& b, double alpha = 1.0);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor pow(const Tensor& a, const Tensor& b);
Tensor pow(const Tensor& a, double exponent);
Tensor pow(double base, const Tensor& exponent);
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
Tensor add(const Tensor& a, double s);
Tensor sub(const Tensor& a, double s);
Tensor sub(double s, const Tensor& a);
Tensor mul(const Tensor& a, double s);
Tensor div(const Tensor& a, double s);
Tensor div(double s, const Tensor& a);
Tensor maximum(const Tensor& a, double s);
Tensor minimum(const Tensor& a, double s);

// Comparisons (bool results, not differentiable).
Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);
Tensor eq(const Tensor& a, double s);
Tensor ne(const Tensor& a, double s);
Tensor lt(const Tensor& a, double s);
Tensor le(const Tensor& a, double s);
Tensor gt(const Tensor& a, double s);
Tensor ge(const Tensor& a, double s);

Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b);
Tensor clamp(const Tensor& x, std::optional<double> min, std::optional<double> max);

// Reductions. An empty `dims` reduces over every dim.
Tensor sum(const Tensor& x);
Tensor sum(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim = false);
Tensor mean(const Tensor& x);
Tensor mean(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim = false);
Tensor amax(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
Tensor amin(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
Tensor max(const Tensor& x);  // of all elements
// torch.max(x, dim): (values, indices)
std::pair<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim = false);
std::pair<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor argmax(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor argmin(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor logsumexp(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim = false);
// Reduces a broadcast gradient back to `shape` (sums the broadcast dims).
Tensor sum_to(const Tensor& x, const Shape& shape);
// Variance over dims (Bessel-corrected when unbiased), as torch.var.
Tensor var(const Tensor& x, const std::vector<int64_t>& dims, bool unbiased = true,
           bool keepdim = false);
// (variance, mean) over dims from one pass of the mean, as torch.var_mean.
std::pair<Tensor, Tensor> var_mean(const Tensor& x, const std::vector<int64_t>& dims,
                                   bool unbiased = true, bool keepdim = false);

// Linear algebra. matmul follows torch.matmul (1-D, 2-D and batched, broadcasting).
Tensor matmul(const Tensor& a, const Tensor& b);
// x W^T + b, with x (*, in), weight (out, in), bias (out) or undefined.
Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias = Tensor());

// Indexing.
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index);
Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src,
                 double alpha = 1.0);
Tensor cat(const TensorList& tensors, int64_t dim = 0);
Tensor stack(const TensorList& tensors, int64_t dim = 0);
// Views of consecutive pieces along dim, recorded as one node (its backward
// is a single cat), as torch.split / torch.chunk / torch.unbind.
TensorList split(const Tensor& x, int64_t split_size, int64_t dim = 0);
TensorList chunk(const Tensor& x, int64_t chunks, int64_t dim = 0);
TensorList unbind(const Tensor& x, int64_t dim = 0);
// x where mask (bool, broadcast to x) is false, value where it is true.
Tensor masked_fill(const Tensor& x, const Tensor& mask, double value);
Tensor one_hot(const Tensor& labels, int64_t num_classes);

// Dropout (the functional form): while training, zeroes each element with
// probability p and scales the rest by 1 / (1 - p); the identity otherwise.
Tensor dropout(const Tensor& x, double p = 0.5, bool training = true);
// Channel-wise: zeroes whole channels of (N, C, H, W) or (C, H, W), as F.dropout2d.
Tensor dropout2d(const Tensor& x, double p = 0.5, bool training = true);

// Convolution and pooling, as F.conv2d, F.max_pool2d, ... Pairs are (h, w).
// x: (N, C, H, W), or unbatched (C, H, W); weight: (O, C / groups, kh, kw);
// bias: (O) or undefined. The 1-D forms take (N, C, L) or (C, L) and run the
// 2-D primitives with H = 1.
struct Conv2dParams {
  std::array<int64_t, 2> stride{1, 1}, padding{0, 0}, dilation{1, 1};
  int64_t groups = 1;
};
Tensor conv2d(const Tensor& x, const Tensor& weight, const Tensor& bias = {},
              const Conv2dParams& params = {});
Tensor conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias = {}, int64_t stride = 1,
              int64_t padding = 0, int64_t dilation = 1, int64_t groups = 1);
// As F.conv_transpose2d: the gradient of conv2d with respect to its input.
// x: (N, C_in, H, W) or (C_in, H, W); weight: (C_in, C_out / groups, kh, kw);
// bias: (C_out) or undefined; the output is (N, C_out, H_out, W_out) with
// H_out = (H - 1) stride - 2 padding + dilation (kh - 1) + output_padding + 1.
Tensor conv_transpose2d(const Tensor& x, const Tensor& weight, const Tensor& bias = {},
                        const Conv2dParams& params = {},
                        std::array<int64_t, 2> output_padding = {0, 0});

// stride {0, 0} means the kernel size (PyTorch's stride=None).
struct Pool2dParams {
  std::array<int64_t, 2> kernel{1, 1}, stride{0, 0}, padding{0, 0}, dilation{1, 1};
  bool ceil_mode = false;
  bool count_include_pad = true;  // avg only
};
Tensor max_pool2d(const Tensor& x, const Pool2dParams& params);
// The output and the flat (h * W + w) position of each maximum in its plane.
std::pair<Tensor, Tensor> max_pool2d_with_indices(const Tensor& x, const Pool2dParams& params);
Tensor avg_pool2d(const Tensor& x, const Pool2dParams& params);
// 1-D: the 2-D params' w entries apply along L.
Tensor max_pool1d(const Tensor& x, const Pool2dParams& params);
Tensor avg_pool1d(const Tensor& x, const Pool2dParams& params);
// Averages over PyTorch's adaptive windows [floor(i H / oh), ceil((i + 1) H / oh)).
Tensor adaptive_avg_pool2d(const Tensor& x, std::array<int64_t, 2> output_size);

// Applies a loss reduction: "none" (as is), "mean", "sum".
Tensor reduce(const Tensor& losses, const std::string& reduction);

// Operators.
Tensor operator-(const Tensor& x);
Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, double s);
Tensor operator-(const Tensor& a, double s);
Tensor operator*(const Tensor& a, double s);
Tensor operator/(const Tensor& a, double s);
Tensor operator+(double s, const Tensor& a);
Tensor operator-(double s, const Tensor& a);
Tensor operator*(double s, const Tensor& a);
Tensor operator/(double s, const Tensor& a);

// True when every element of a and b is within atol + rtol |b| (any devices).
bool allclose(const Tensor& a, const Tensor& b, double rtol = 1e-5, double atol = 1e-8);

}  // namespace axon
