// MaxPool1d/2d and AvgPool1d/2d, as torch.nn (one template, a registration
// file each). x (N, C, L) or (N, C, H, W), unbatched too; no parameters.
#pragma once

#include <axon/ops.h>
#include <axon/plugin.h>

#include "window_options.h"

namespace axon::layers {

template <int Dims, bool Max>
class Pool : public Layer {
 public:
  static constexpr const char* kName =
      Max ? (Dims == 1 ? "max_pool1d" : "max_pool2d") : (Dims == 1 ? "avg_pool1d" : "avg_pool2d");

  static OptionSchema options() {
    OptionSchema schema{
        {"kernel_size", OptionType::integer_list, std::monostate{}, "window size"},
        {"stride", OptionType::integer_list, std::monostate{}, "window step (default kernel_size)"},
        {"padding", OptionType::integer_list, std::vector<int64_t>{0},
         "implicit padding on each side (-inf for max, 0 for avg)"},
        {"ceil_mode", OptionType::boolean, false, "ceil instead of floor for the output size"},
    };
    if (Max)
      schema.add("dilation", OptionType::integer_list, std::vector<int64_t>{1},
                 "spacing of the window's elements");
    else
      schema.add("count_include_pad", OptionType::boolean, true,
                 "count the zero padding in the average's divisor");
    return schema;
  }

  explicit Pool(const Options& o) {
    using layer_options::window_pair;
    params_.kernel = window_pair(o, kName, "kernel_size", Dims, 1);
    params_.stride = o.is_set("stride") ? window_pair(o, kName, "stride", Dims, 1) : params_.kernel;
    params_.padding = window_pair(o, kName, "padding", Dims, 0);
    params_.ceil_mode = o.get<bool>("ceil_mode");
    if constexpr (Max)
      params_.dilation = window_pair(o, kName, "dilation", Dims, 1);
    else
      params_.count_include_pad = o.get<bool>("count_include_pad");
  }

  Tensor forward(const Tensor& x) override {
    if constexpr (Dims == 1) return Max ? max_pool1d(x, params_) : avg_pool1d(x, params_);
    return Max ? max_pool2d(x, params_) : avg_pool2d(x, params_);
  }

  std::string describe() const override {
    using layer_options::window_str;
    const std::string common =
        fmt::format("kernel_size={}, stride={}, padding={}", window_str(params_.kernel, Dims),
                    window_str(params_.stride, Dims), window_str(params_.padding, Dims));
    if constexpr (Max)
      return fmt::format("MaxPool{}d({}, dilation={}, ceil_mode={})", Dims, common,
                         window_str(params_.dilation, Dims), params_.ceil_mode);
    return fmt::format("AvgPool{}d({}, ceil_mode={}, count_include_pad={})", Dims, common,
                       params_.ceil_mode, params_.count_include_pad);
  }

 private:
  Pool2dParams params_;
};

}  // namespace axon::layers
