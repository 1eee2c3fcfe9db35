// Hardshrink: 0 on [-lambd, lambd], x elsewhere, as torch.nn.Hardshrink. Any
// shape in, same shape out. As PyTorch's, a negative lambd is accepted (no
// band: the identity), and NaN passes through.
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

class Hardshrink : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"lambd", OptionType::number, 0.5, "the half-width of the band set to 0"}};
  }
  explicit Hardshrink(const axon::Options& o) : lambd_(o.get<double>("lambd")) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    axon::Tensor zero = axon::zeros_like(x);
    axon::Tensor inside = axon::where(axon::le(x, lambd_), zero, x);
    return axon::where(axon::ge(x, -lambd_), inside, x);
  }
  std::string describe() const override { return fmt::format("Hardshrink({})", lambd_); }

 private:
  double lambd_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("hardshrink", Hardshrink, "0 on [-lambd, lambd], else x");
