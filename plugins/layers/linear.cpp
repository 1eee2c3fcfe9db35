// Linear: y = x W^T + b, as torch.nn.Linear.
//   x: (*, in_features) -> y: (*, out_features)
//   weight: (out_features, in_features), bias: (out_features)
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <cmath>

namespace {

using axon::OptionType;

int64_t required_size(const axon::Options& o, const std::string& key) {
  AXON_CHECK(o.is_set(key), "linear: missing required option '{}'", key);
  auto size = o.get<int64_t>(key);
  AXON_CHECK(size >= 0, "linear: {} must be non-negative, got {}", key, size);
  return size;
}

class Linear : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"in_features", OptionType::integer, std::monostate{}, "size of each input sample"},
        {"out_features", OptionType::integer, std::monostate{}, "size of each output sample"},
        {"bias", OptionType::boolean, true, "learn an additive bias"},
    };
  }

  explicit Linear(const axon::Options& o)
      : in_features_(required_size(o, "in_features")),
        out_features_(required_size(o, "out_features")) {
    weight_ = register_parameter("weight", initial_weight());
    if (o.get<bool>("bias")) bias_ = register_parameter("bias", initial_bias());
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    AXON_CHECK(x.dim() >= 1 && x.size(-1) == in_features_,
               "linear: expected input with last dim {} (in_features), got shape {}", in_features_,
               axon::shape_str(x.shape()));
    return axon::linear(x, weight_, bias_);
  }

  std::string describe() const override {
    return fmt::format("Linear(in_features={}, out_features={}, bias={})", in_features_,
                       out_features_, bias_.defined());
  }

 private:
  // PyTorch's reset_parameters: kaiming_uniform with a = sqrt(5), which makes
  // the weight U(-1/sqrt(in), 1/sqrt(in)) ...
  axon::Tensor initial_weight() const {
    axon::Tensor weight = axon::empty({out_features_, in_features_});
    axon::make_initializer("kaiming_uniform", {{"a", std::sqrt(5.0)}})->apply(weight);
    return weight;
  }

  // ... and the bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), 0 when there is no input.
  axon::Tensor initial_bias() const {
    double bound = in_features_ > 0 ? 1.0 / std::sqrt(static_cast<double>(in_features_)) : 0.0;
    axon::Tensor bias = axon::empty({out_features_});
    bias.uniform_(-bound, bound);
    return bias;
  }

  int64_t in_features_;
  int64_t out_features_;
  axon::Tensor weight_;
  axon::Tensor bias_;
};

}  // namespace

AXON_REGISTER_LAYER("linear", Linear, "y = x W^T + b, x: (*, in_features)");
