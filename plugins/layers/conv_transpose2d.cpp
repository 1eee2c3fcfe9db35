// ConvTranspose2d, as torch.nn.ConvTranspose2d: the gradient of conv2d with
// respect to its input, used as a layer (each input pixel scatters a weighted
// copy of the kernel into the output).
//   x (N, C_in, H, W) or (C_in, H, W) -> y (N, C_out, H_out, W_out),
//   H_out = (H - 1) stride - 2 padding + dilation (kh - 1) + output_padding + 1
//   weight (C_in, C_out / groups, kh, kw), bias (C_out)
// There is no differentiable conv2d input-gradient op in core, so the forward
// pass is composed from differentiable ops: the input spread out by the stride
// (stride - 1 zeros between neighbours), padded by dilation (k - 1) - padding
// on each side (cropped where that is negative) and by output_padding more at
// the end, then correlated (conv2d, stride 1) with the spatially flipped kernel
// whose in/out channels are swapped per group. Autograd derives the gradients.
#include <axon/ops.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "layer_options.h"
#include "window_options.h"

namespace {

using axon::OptionType;
using axon::Shape;
using axon::Tensor;
using Pair = std::array<int64_t, 2>;

constexpr const char* kName = "conv_transpose2d";

// x with `stride - 1` zeros between neighbours along `dim`, then `before`
// zeros in front and `after` behind; a negative count crops instead.
Tensor spread(const Tensor& x, int64_t dim, int64_t stride, int64_t before, int64_t after) {
  auto zeros_along = [&](const Tensor& t, int64_t d, int64_t n) {
    Shape shape = t.shape();
    shape[d] = n;
    return axon::zeros(shape, axon::TensorOptions(t.dtype()).device(t.device()));
  };
  Tensor y = x;
  if (stride > 1) {
    // (.., L, ..) -> (.., L, stride, ..) with zeros after each element -> (.., L stride, ..);
    // the last element's zeros count toward `after`.
    y = axon::cat({x.unsqueeze(dim + 1), zeros_along(x.unsqueeze(dim + 1), dim + 1, stride - 1)},
                  dim + 1)
            .flatten(dim, dim + 1);
    after -= stride - 1;
  }
  // Pad first, then crop: the result is never empty when the output is not.
  axon::TensorList parts;
  if (before > 0) parts.push_back(zeros_along(y, dim, before));
  parts.push_back(y);
  if (after > 0) parts.push_back(zeros_along(y, dim, after));
  if (parts.size() > 1) y = axon::cat(parts, dim);
  int64_t start = std::max<int64_t>(0, -before);
  return y.narrow(dim, start, y.size(dim) - start - std::max<int64_t>(0, -after));
}

class ConvTranspose2d : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"in_channels", OptionType::integer, std::monostate{}, "channels of the input"},
        {"out_channels", OptionType::integer, std::monostate{}, "channels of the output"},
        {"kernel_size", OptionType::integer_list, std::monostate{}, "window size, one or per dim"},
        {"stride", OptionType::integer_list, std::vector<int64_t>{1}, "step of the window"},
        {"padding", OptionType::integer_list, std::vector<int64_t>{0},
         "trimmed from each side of the output"},
        {"output_padding", OptionType::integer_list, std::vector<int64_t>{0},
         "extra size added to one side of the output"},
        {"groups", OptionType::integer, int64_t{1}, "blocked connections input -> output"},
        {"bias", OptionType::boolean, true, "learn an additive bias"},
        {"dilation", OptionType::integer_list, std::vector<int64_t>{1}, "spacing of the taps"},
    };
  }

  explicit ConvTranspose2d(const axon::Options& o)
      : in_(axon::layer_options::required_int(o, kName, "in_channels", 1)),
        out_(axon::layer_options::required_int(o, kName, "out_channels", 1)),
        groups_(axon::layer_options::required_int(o, kName, "groups", 1)),
        kernel_(pair(o, "kernel_size", 1)),
        stride_(pair(o, "stride", 1)),
        padding_(pair(o, "padding", 0)),
        output_padding_(pair(o, "output_padding", 0)),
        dilation_(pair(o, "dilation", 1)) {
    AXON_CHECK(in_ % groups_ == 0 && out_ % groups_ == 0,
               "{}: in_channels ({}) and out_channels ({}) must be divisible by groups ({})", kName,
               in_, out_, groups_);
    for (int i = 0; i < 2; ++i)
      AXON_CHECK(output_padding_[i] < stride_[i] || output_padding_[i] < dilation_[i],
                 "{}: output_padding must be smaller than either stride or dilation, got "
                 "output_padding {}, stride {}, dilation {}",
                 kName, str(output_padding_), str(stride_), str(dilation_));
    // PyTorch's reset_parameters: kaiming_uniform(a = sqrt(5)) for the weight and
    // U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias, fan_in = C_out / groups * kh * kw
    // (the weight's dim 1 is C_out / groups here).
    Tensor weight = axon::empty({in_, out_ / groups_, kernel_[0], kernel_[1]});
    axon::make_initializer("kaiming_uniform", {{"a", std::sqrt(5.0)}})->apply(weight);
    weight_ = register_parameter("weight", weight);
    if (!o.get<bool>("bias")) return;
    double bound = 1.0 / std::sqrt(static_cast<double>(axon::compute_fans(weight.shape()).fan_in));
    bias_ = register_parameter("bias", axon::empty({out_}).uniform_(-bound, bound));
  }

  Tensor forward(const Tensor& input) override {
    AXON_CHECK(input.dim() == 3 || input.dim() == 4,
               "{}: expected 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape {}", kName,
               axon::shape_str(input.shape()));
    const bool batched = input.dim() == 4;
    Tensor x = batched ? input : input.unsqueeze(0);
    AXON_CHECK(x.size(1) == in_,
               "{}: given groups={}, weight of size {}, expected input{} to have {} channels, "
               "but got {} channels instead",
               kName, groups_, axon::shape_str(weight_.shape()), axon::shape_str(x.shape()), in_,
               x.size(1));
    Pair out_size;
    for (int i = 0; i < 2; ++i)
      out_size[i] = (x.size(2 + i) - 1) * stride_[i] - 2 * padding_[i] +
                    dilation_[i] * (kernel_[i] - 1) + output_padding_[i] + 1;
    AXON_CHECK(out_size[0] > 0 && out_size[1] > 0,
               "{}: calculated output size ({}x{}) is too small for input {}", kName, out_size[0],
               out_size[1], axon::shape_str(input.shape()));
    for (int i = 0; i < 2; ++i) {
      int64_t pad = dilation_[i] * (kernel_[i] - 1) - padding_[i];
      x = spread(x, 2 + i, stride_[i], pad, pad + output_padding_[i]);
    }
    axon::Conv2dParams params;
    params.dilation = dilation_;
    params.groups = groups_;
    Tensor y = axon::conv2d(x, correlation_weight(), bias_, params);
    return batched ? y : y.squeeze(0);
  }

  // As PyTorch, the options at their defaults are left out.
  std::string describe() const override {
    std::string s = fmt::format("ConvTranspose2d({}, {}, kernel_size={}, stride={}", in_, out_,
                                str(kernel_), str(stride_));
    if (padding_ != Pair{0, 0}) s += ", padding=" + str(padding_);
    if (dilation_ != Pair{1, 1}) s += ", dilation=" + str(dilation_);
    if (output_padding_ != Pair{0, 0}) s += ", output_padding=" + str(output_padding_);
    if (groups_ != 1) s += fmt::format(", groups={}", groups_);
    if (!bias_.defined()) s += ", bias=false";
    return s + ")";
  }

 private:
  static Pair pair(const axon::Options& o, const char* key, int64_t minimum) {
    Pair p = axon::layer_options::window_pair(o, kName, key, 2, 0);
    AXON_CHECK(p[0] >= minimum && p[1] >= minimum, "{}: {} must be at least {}, got {}", kName, key,
               minimum, str(p));
    return p;
  }

  static std::string str(const Pair& p) { return axon::layer_options::window_str(p, 2); }

  // The conv2d weight (C_out, C_in / groups, kh, kw) that correlates the spread
  // input into the transposed convolution: the kernel flipped in h and w, and
  // (C_in, C_out / groups) swapped within each group.
  Tensor correlation_weight() const {
    Tensor w = weight_;
    for (int64_t d = 2; d < 4; ++d)
      w = axon::index_select(
          w, d,
          axon::arange(w.size(d) - 1, -1, -1,
                       axon::TensorOptions(axon::DType::i64).device(w.device())));
    return w.reshape({groups_, in_ / groups_, out_ / groups_, kernel_[0], kernel_[1]})
        .transpose(1, 2)
        .reshape({out_, in_ / groups_, kernel_[0], kernel_[1]});
  }

  int64_t in_, out_, groups_;
  Pair kernel_, stride_, padding_, output_padding_, dilation_;
  Tensor weight_, bias_;
};

}  // namespace

AXON_REGISTER_LAYER("conv_transpose2d", ConvTranspose2d,
                    "2-D transposed convolution, x: (N, C_in, H, W)");
