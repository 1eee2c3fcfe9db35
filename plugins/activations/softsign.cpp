// Softsign: x / (1 + |x|), as torch.nn.Softsign. Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Softsign : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Softsign(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override { return x / (axon::abs(x) + 1.0); }
  std::string describe() const override { return "Softsign()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("softsign", Softsign, "x / (1 + |x|)");
