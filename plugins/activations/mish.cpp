// Mish: x * tanh(softplus(x)), as torch.nn.Mish. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Mish : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Mish(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return x * axon::tanh(axon::softplus(x)); }
  std::string describe() const override { return "Mish()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("mish", Mish, "x * tanh(softplus(x))");
