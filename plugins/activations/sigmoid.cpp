// Sigmoid: 1 / (1 + e^-x) elementwise, as torch.nn.Sigmoid. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Sigmoid : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Sigmoid(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return axon::sigmoid(x); }
  std::string describe() const override { return "Sigmoid()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("sigmoid", Sigmoid, "1 / (1 + e^-x) elementwise");
