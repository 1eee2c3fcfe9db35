// Tanhshrink: x - tanh(x), as torch.nn.Tanhshrink. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Tanhshrink : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Tanhshrink(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return x - axon::tanh(x); }
  std::string describe() const override { return "Tanhshrink()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("tanhshrink", Tanhshrink, "x - tanh(x)");
