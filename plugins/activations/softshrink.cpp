// Softshrink: x - lambd above lambd, x + lambd below -lambd, 0 between, as
// torch.nn.Softshrink. Any shape in, same shape out. The gradient is 0 on the
// closed band [-lambd, lambd], as PyTorch's.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

class Softshrink : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"lambd", OptionType::number, 0.5,
             "the half-width of the band set to 0, taken off the values outside it"}};
  }
  explicit Softshrink(const axon::Options& o) : lambd_(o.get<double>("lambd")) {
    AXON_CHECK(lambd_ >= 0.0, "softshrink: lambda must be greater or equal to 0, got {}", lambd_);
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    axon::Tensor below = axon::where(axon::lt(x, -lambd_), x + lambd_, axon::zeros_like(x));
    return axon::where(axon::gt(x, lambd_), x - lambd_, below);
  }
  std::string describe() const override { return fmt::format("Softshrink({})", lambd_); }

 private:
  double lambd_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("softshrink", Softshrink, "x -+ lambd outside [-lambd, lambd], else 0");
