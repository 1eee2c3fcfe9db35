// GroupNorm, as torch.nn.GroupNorm: splits the channels into num_groups groups
// and normalizes each group of each sample with its biased variance, then
// scales and shifts per channel.
//   x: (N, C, *) -> y: same shape
//   weight, bias: (C) (ones and zeros), when affine
#include <axon/ops.h>
#include <axon/plugin.h>

#include "layer_options.h"

namespace {

using axon::OptionType;
using axon::Tensor;

class GroupNorm : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"num_groups", OptionType::integer, std::monostate{}, "groups to split the channels into"},
        {"num_channels", OptionType::integer, std::monostate{}, "channels C of (N, C, *)"},
        {"eps", OptionType::number, 1e-5, "added to the variance for stability"},
        {"affine", OptionType::boolean, true, "learn a per-channel scale and shift"},
    };
  }

  explicit GroupNorm(const axon::Options& o)
      : groups_(axon::layer_options::required_int(o, "group_norm", "num_groups", 1)),
        channels_(axon::layer_options::required_int(o, "group_norm", "num_channels", 1)),
        eps_(o.get<double>("eps")) {
    AXON_CHECK(channels_ % groups_ == 0,
               "group_norm: num_channels ({}) must be divisible by num_groups ({})", channels_,
               groups_);
    if (!o.get<bool>("affine")) return;
    weight_ = register_parameter("weight", axon::ones({channels_}));
    bias_ = register_parameter("bias", axon::zeros({channels_}));
  }

  Tensor forward(const Tensor& x) override {
    AXON_CHECK(x.dim() >= 2 && x.size(1) == channels_,
               "group_norm: expected input of shape (N, {}, *) (num_channels), got {}", channels_,
               axon::shape_str(x.shape()));
    // PyTorch's check, which counts over the batch too: N = 2 with one value per group passes.
    AXON_CHECK(x.numel() / groups_ > 1,
               "group_norm: expected more than 1 value in N * C / num_groups * spatial size, got "
               "input of shape {} and num_groups {}",
               axon::shape_str(x.shape()), groups_);
    // (N, G, C / G * spatial): one row per group of each sample.
    Tensor grouped = x.reshape({x.size(0), groups_, -1});
    auto [var, mean] = axon::var_mean(grouped, {2}, /*unbiased=*/false, /*keepdim=*/true);
    Tensor y = ((grouped - mean) * axon::rsqrt(var + eps_)).reshape(x.shape());
    if (!weight_.defined()) return y;
    // Per-channel tensors broadcast as (C, 1, ...).
    axon::Shape channel_shape(x.dim() - 1, 1);
    channel_shape[0] = channels_;
    return y * weight_.view(channel_shape) + bias_.view(channel_shape);
  }

  std::string describe() const override {
    return fmt::format("GroupNorm({}, {}, eps={}, affine={})", groups_, channels_, eps_,
                       weight_.defined());
  }

 private:
  int64_t groups_, channels_;
  double eps_;
  Tensor weight_, bias_;
};

}  // namespace

AXON_REGISTER_LAYER("group_norm", GroupNorm, "normalizes groups of channels of (N, C, *)");
