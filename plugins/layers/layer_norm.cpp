// LayerNorm, as torch.nn.LayerNorm: normalizes over the trailing dims given by
// normalized_shape with the biased variance, then scales and shifts.
//   x: (*, normalized_shape) -> y: same shape
//   weight, bias: normalized_shape (ones and zeros), when elementwise_affine
#include <axon/ops.h>
#include <axon/plugin.h>

#include "layer_options.h"

namespace {

using axon::OptionType;
using axon::Tensor;

class LayerNorm : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"normalized_shape", OptionType::integer_list, std::monostate{},
         "trailing dims to normalize over"},
        {"eps", OptionType::number, 1e-5, "added to the variance for stability"},
        {"elementwise_affine", OptionType::boolean, true, "learn a per-element scale and shift"},
    };
  }

  explicit LayerNorm(const axon::Options& o) : eps_(o.get<double>("eps")) {
    AXON_CHECK(o.is_set("normalized_shape"), "layer_norm: missing required option '{}'",
               "normalized_shape");
    shape_ = o.get<axon::Shape>("normalized_shape");
    AXON_CHECK(!shape_.empty(), "layer_norm: normalized_shape must not be empty");
    if (!o.get<bool>("elementwise_affine")) return;
    weight_ = register_parameter("weight", axon::ones(shape_));
    bias_ = register_parameter("bias", axon::zeros(shape_));
  }

  Tensor forward(const Tensor& x) override {
    int64_t k = static_cast<int64_t>(shape_.size());
    AXON_CHECK(x.dim() >= k && axon::Shape(x.shape().end() - k, x.shape().end()) == shape_,
               "layer_norm: expected input of shape [*, {}] (normalized_shape), got {}",
               fmt::join(shape_, ", "), axon::shape_str(x.shape()));
    std::vector<int64_t> dims;
    for (int64_t d = x.dim() - k; d < x.dim(); ++d) dims.push_back(d);
    auto [var, mean] = axon::var_mean(x, dims, /*unbiased=*/false, /*keepdim=*/true);
    Tensor y = (x - mean) * axon::rsqrt(var + eps_);
    return weight_.defined() ? y * weight_ + bias_ : y;
  }

  std::string describe() const override {
    // PyTorch prints normalized_shape as a tuple: (6,) or (4, 5).
    std::string shape =
        fmt::format("({}{})", fmt::join(shape_, ", "), shape_.size() == 1 ? "," : "");
    return fmt::format("LayerNorm({}, eps={}, elementwise_affine={})", shape, eps_,
                       weight_.defined());
  }

 private:
  axon::Shape shape_;
  double eps_;
  Tensor weight_;
  Tensor bias_;
};

}  // namespace

AXON_REGISTER_LAYER("layer_norm", LayerNorm, "normalizes over the trailing normalized_shape dims");
