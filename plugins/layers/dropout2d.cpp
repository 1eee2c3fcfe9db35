// Dropout2d, as torch.nn.Dropout2d: in training mode each channel (a whole
// H x W feature map) is zeroed with probability p and the kept ones are
// scaled by 1 / (1 - p); in eval mode the identity.
//   x: (N, C, H, W) or (C, H, W) -> y: same shape
#include <axon/ops.h>
#include <axon/plugin.h>

#include "layer_options.h"

namespace {

using axon::OptionType;

class Dropout2d : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"p", OptionType::number, 0.5, "probability of a channel to be zeroed"}};
  }

  explicit Dropout2d(const axon::Options& o)
      : p_(axon::layer_options::probability(o, "dropout2d", "p")) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::dropout2d(x, p_, is_training());
  }

  std::string describe() const override { return fmt::format("Dropout2d(p={})", p_); }

 private:
  double p_;
};

}  // namespace

AXON_REGISTER_LAYER("dropout2d", Dropout2d,
                    "zero whole channels with probability p while training");
