// Tanh: the hyperbolic tangent elementwise, as torch.nn.Tanh. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Tanh : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Tanh(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return axon::tanh(x); }
  std::string describe() const override { return "Tanh()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("tanh", Tanh, "tanh(x) elementwise");
