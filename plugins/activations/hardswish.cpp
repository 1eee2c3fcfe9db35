// Hardswish: x * relu6(x + 3) / 6, as torch.nn.Hardswish: 0 below -3, x above
// 3, x (x + 3) / 6 between. Any shape in, same shape out. The where() bounds
// follow PyTorch's backward: the gradient is 0 only strictly below -3, and 1
// only strictly above 3.
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

class Hardswish : public axon::Layer {
 public:
  static axon::OptionSchema options() { return {}; }
  explicit Hardswish(const axon::Options&) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    axon::Tensor upper = axon::where(axon::le(x, 3.0), x * (x + 3.0) / 6.0, x);
    return axon::where(axon::lt(x, -3.0), axon::zeros_like(x), upper);
  }
  std::string describe() const override { return "Hardswish()"; }
};

}  // namespace

AXON_REGISTER_ACTIVATION("hardswish", Hardswish, "x * relu6(x + 3) / 6");
