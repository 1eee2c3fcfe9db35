// AdaptiveAvgPool2d, as torch.nn.AdaptiveAvgPool2d: averages over windows
// chosen so that the output is output_size whatever the input's size.
//   x (N, C, H, W) or (C, H, W) -> (N, C, oh, ow)
#include <axon/ops.h>
#include <axon/plugin.h>

#include "window_options.h"

namespace {

class AdaptiveAvgPool2d : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"output_size", axon::OptionType::integer_list, std::monostate{},
             "(oh, ow), or one size for both"}};
  }

  explicit AdaptiveAvgPool2d(const axon::Options& o)
      : size_(axon::layer_options::window_pair(o, "adaptive_avg_pool2d", "output_size", 2, 1)) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::adaptive_avg_pool2d(x, size_);
  }

  std::string describe() const override {
    return fmt::format("AdaptiveAvgPool2d(output_size={})",
                       axon::layer_options::window_str(size_, 2));
  }

 private:
  std::array<int64_t, 2> size_;
};

}  // namespace

AXON_REGISTER_LAYER("adaptive_avg_pool2d", AdaptiveAvgPool2d,
                    "average pooling to a fixed output size, x: (N, C, H, W)");
