// Conv1d and Conv2d, as torch.nn (one template, a registration file each):
//   x (N, C_in, L) or (N, C_in, H, W) -> y (N, C_out, L_out) or (N, C_out, H_out, W_out)
//   weight (C_out, C_in / groups, k) or (C_out, C_in / groups, kh, kw), bias (C_out)
#pragma once

#include <axon/ops.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <cmath>

#include "layer_options.h"
#include "window_options.h"

namespace axon::layers {

template <int Dims>
class Conv : public Layer {
 public:
  static constexpr const char* kName = Dims == 1 ? "conv1d" : "conv2d";

  static OptionSchema options() {
    return {
        {"in_channels", OptionType::integer, std::monostate{}, "channels of the input"},
        {"out_channels", OptionType::integer, std::monostate{}, "channels of the output"},
        {"kernel_size", OptionType::integer_list, std::monostate{}, "window size, one or per dim"},
        {"stride", OptionType::integer_list, std::vector<int64_t>{1}, "step of the window"},
        {"padding", OptionType::integer_list, std::vector<int64_t>{0}, "zeros added on each side"},
        {"dilation", OptionType::integer_list, std::vector<int64_t>{1}, "spacing of the taps"},
        {"groups", OptionType::integer, int64_t{1}, "blocked connections input -> output"},
        {"bias", OptionType::boolean, true, "learn an additive bias"},
    };
  }

  explicit Conv(const Options& o)
      : in_(layer_options::required_int(o, kName, "in_channels", 1)),
        out_(layer_options::required_int(o, kName, "out_channels", 1)),
        groups_(layer_options::required_int(o, kName, "groups", 1)),
        kernel_(layer_options::window_pair(o, kName, "kernel_size", Dims, 1)) {
    AXON_CHECK(in_ % groups_ == 0 && out_ % groups_ == 0,
               "{}: in_channels ({}) and out_channels ({}) must be divisible by groups ({})", kName,
               in_, out_, groups_);
    params_ = {layer_options::window_pair(o, kName, "stride", Dims, 1),
               layer_options::window_pair(o, kName, "padding", Dims, 0),
               layer_options::window_pair(o, kName, "dilation", Dims, 1), groups_};
    weight_ = register_parameter("weight", initial_weight());
    if (o.get<bool>("bias")) bias_ = register_parameter("bias", initial_bias());
  }

  Tensor forward(const Tensor& x) override {
    AXON_CHECK(x.dim() == Dims + 1 || x.dim() == Dims + 2,
               "{}: expected {}-D or {}-D input with {} channels, got shape {}", kName, Dims + 1,
               Dims + 2, in_, shape_str(x.shape()));
    if constexpr (Dims == 2) return conv2d(x, weight_, bias_, params_);
    return conv1d(x, weight_, bias_, params_.stride[1], params_.padding[1], params_.dilation[1],
                  groups_);
  }

  std::string describe() const override {
    using layer_options::window_str;
    return fmt::format(
        "Conv{}d({}, {}, kernel_size={}, stride={}, padding={}, dilation={}, "
        "groups={}, bias={})",
        Dims, in_, out_, window_str(kernel_, Dims), window_str(params_.stride, Dims),
        window_str(params_.padding, Dims), window_str(params_.dilation, Dims), groups_,
        bias_.defined());
  }

 private:
  Shape weight_shape() const {
    Shape shape{out_, in_ / groups_};
    if (Dims == 2) shape.push_back(kernel_[0]);
    shape.push_back(kernel_[1]);
    return shape;
  }

  // PyTorch's reset_parameters: kaiming_uniform(a = sqrt(5)) for the weight,
  // U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the bias, fan_in = C_in / groups * kernel area.
  Tensor initial_weight() const {
    Tensor weight = empty(weight_shape());
    make_initializer("kaiming_uniform", {{"a", std::sqrt(5.0)}})->apply(weight);
    return weight;
  }

  Tensor initial_bias() const {
    const double fan_in = static_cast<double>(in_ / groups_ * kernel_[0] * kernel_[1]);
    Tensor bias = empty({out_});
    bias.uniform_(-1.0 / std::sqrt(fan_in), 1.0 / std::sqrt(fan_in));
    return bias;
  }

  int64_t in_, out_, groups_;
  std::array<int64_t, 2> kernel_;
  Conv2dParams params_;
  Tensor weight_, bias_;
};

}  // namespace axon::layers
