// Alpha dropout, as torch.nn.AlphaDropout: dropout for SELU networks. Dropped
// elements take SELU's negative saturation value alpha' instead of 0, and an
// affine map a * v + b restores zero mean and unit variance (Klambauer et al.,
// 2017). Identity in eval mode. Any shape in, same shape out.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

namespace {

using axon::OptionType;

// -scale * alpha of SELU: the value SELU tends to for x -> -inf.
constexpr double kAlphaPrime = -1.7580993408473766;

class AlphaDropout : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"p", OptionType::number, 0.5, "probability of an element to be dropped"}};
  }

  explicit AlphaDropout(const axon::Options& o) : p_(o.get<double>("p")) {
    AXON_CHECK(p_ >= 0.0 && p_ <= 1.0, "dropout probability has to be between 0 and 1, but got {}",
               p_);
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    if (!is_training() || p_ == 0.0 || x.numel() == 0) return x;
    // p == 1 leaves a = 1 / 0: PyTorch multiplies by zero instead.
    if (p_ == 1.0) return x * 0.0;
    double a = 1.0 / std::sqrt((1.0 - p_) * (1.0 + p_ * kAlphaPrime * kAlphaPrime));
    double b = -a * kAlphaPrime * p_;
    axon::Tensor keep =
        axon::bernoulli(x.shape(), 1.0 - p_, axon::TensorOptions(x.dtype()).device(x.device()));
    // a * (x * keep + alpha' * (1 - keep)) + b, folded into x * (a keep) + const.
    return x * (keep * a) + ((1.0 - keep) * (a * kAlphaPrime) + b);
  }

  std::string describe() const override { return fmt::format("AlphaDropout(p={})", p_); }

 private:
  double p_;
};

}  // namespace

AXON_REGISTER_LAYER("alpha_dropout", AlphaDropout,
                    "dropout that keeps SELU's zero mean and unit variance");
