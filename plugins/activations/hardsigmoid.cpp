// Hardsigmoid: relu6(x + 3) / 6, as torch.nn.Hardsigmoid: 0 up to -3, 1 from 3
// on, linear between. Any shape in, same shape out. The clamp is taken on x
// so that, as PyTorch's backward, the gradient is 1/6 strictly inside (-3, 3)
// and 0 at -3 and 3 themselves.
#include <axon/plugin.h>

#include "hardtanh.h"

namespace {

class Hardsigmoid : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Hardsigmoid(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    return (axon::activations::hardtanh(x, -3.0, 3.0) + 3.0) / 6.0;
  }
  std::string describe() const override { return "Hardsigmoid()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("hardsigmoid", Hardsigmoid, "relu6(x + 3) / 6");
