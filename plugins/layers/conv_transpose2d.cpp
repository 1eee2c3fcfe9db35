// ConvTranspose2d, as torch.nn.ConvTranspose2d: the gradient of conv2d with
// respect to its input, used as a layer (each input pixel scatters a weighted
// copy of the kernel into the output), on axon::conv_transpose2d.
//   x (N, C_in, H, W) or (C_in, H, W) -> y (N, C_out, H_out, W_out),
//   H_out = (H - 1) stride - 2 padding + dilation (kh - 1) + output_padding + 1
//   weight (C_in, C_out / groups, kh, kw), bias (C_out)
#include <axon/ops.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <array>
#include <cmath>

#include "layer_options.h"
#include "window_options.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using Pair = std::array<int64_t, 2>;

constexpr const char* kName = "conv_transpose2d";

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
    const int64_t channels = input.size(input.dim() - 3);
    AXON_CHECK(channels == in_,
               "{}: given groups={}, weight of size {}, expected input{} to have {} channels, "
               "but got {} channels instead",
               kName, groups_, axon::shape_str(weight_.shape()), axon::shape_str(input.shape()),
               in_, channels);
    axon::Conv2dParams params{stride_, padding_, dilation_, groups_};
    return axon::conv_transpose2d(input, weight_, bias_, params, output_padding_);
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

  int64_t in_, out_, groups_;
  Pair kernel_, stride_, padding_, output_padding_, dilation_;
  Tensor weight_, bias_;
};

}  // namespace

AXON_REGISTER_LAYER("conv_transpose2d", ConvTranspose2d,
                    "2-D transposed convolution, x: (N, C_in, H, W)");
