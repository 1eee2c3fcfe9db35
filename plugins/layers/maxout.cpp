// Maxout (Goodfellow et al., 2013): a linear map to out_features * pieces
// values, then the maximum over each group of `pieces`.
//   x: (*, in_features) -> y: (*, out_features)
//   weight: (out_features * pieces, in_features), bias: (out_features * pieces);
//   output j is the max of linear outputs j * pieces ... j * pieces + pieces - 1.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>
#include <axon/registry.h>

#include <cmath>

namespace {

using axon::OptionType;

int64_t required_size(const axon::Options& o, const std::string& key, int64_t minimum) {
  AXON_CHECK(o.is_set(key), "maxout: missing required option '{}'", key);
  auto size = o.get<int64_t>(key);
  AXON_CHECK(size >= minimum, "maxout: {} must be at least {}, got {}", key, minimum, size);
  return size;
}

class Maxout : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {
        {"in_features", OptionType::integer, std::monostate{}, "size of each input sample"},
        {"out_features", OptionType::integer, std::monostate{}, "size of each output sample"},
        {"pieces", OptionType::integer, std::monostate{}, "linear pieces per output (k)"},
        {"bias", OptionType::boolean, true, "learn an additive bias"},
    };
  }

  explicit Maxout(const axon::Options& o)
      : in_features_(required_size(o, "in_features", 0)),
        out_features_(required_size(o, "out_features", 0)),
        pieces_(required_size(o, "pieces", 1)) {
    weight_ = register_parameter("weight", initial_weight());
    if (o.get<bool>("bias")) bias_ = register_parameter("bias", initial_bias());
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    AXON_CHECK(x.dim() >= 1 && x.size(-1) == in_features_,
               "maxout: expected input with last dim {} (in_features), got shape {}", in_features_,
               axon::shape_str(x.shape()));
    axon::Tensor z = axon::linear(x, weight_, bias_);  // (*, out * k)
    axon::Shape grouped = z.shape();
    grouped.back() = out_features_;
    grouped.push_back(pieces_);
    return axon::amax(z.reshape(grouped), {-1});  // (*, out, k) -> (*, out)
  }

  std::string describe() const override {
    return fmt::format("Maxout(in_features={}, out_features={}, pieces={}, bias={})", in_features_,
                       out_features_, pieces_, bias_.defined());
  }

 private:
  // As torch.nn.Linear(in, out * k): kaiming_uniform with a = sqrt(5) ...
  axon::Tensor initial_weight() const {
    axon::Tensor weight = axon::empty({out_features_ * pieces_, in_features_});
    axon::make_initializer("kaiming_uniform", {{"a", std::sqrt(5.0)}})->apply(weight);
    return weight;
  }

  // ... and the bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), 0 when there is no input.
  axon::Tensor initial_bias() const {
    double bound = in_features_ > 0 ? 1.0 / std::sqrt(static_cast<double>(in_features_)) : 0.0;
    axon::Tensor bias = axon::empty({out_features_ * pieces_});
    bias.uniform_(-bound, bound);
    return bias;
  }

  int64_t in_features_;
  int64_t out_features_;
  int64_t pieces_;
  axon::Tensor weight_;
  axon::Tensor bias_;
};

}  // namespace

AXON_REGISTER_LAYER("maxout", Maxout, "max over k linear pieces, x: (*, in_features)");
