// CELU: x for x > 0, alpha * (e^(x / alpha) - 1) otherwise, as torch.nn.CELU.
// Any shape in, same shape out. The exponential sees min(x, 0) only, so that
// the branch where() leaves out cannot overflow and send NaN gradients back;
// the clamp passes the gradient at 0, which makes it 1 there, as PyTorch's.
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

namespace {

using axon::OptionType;

class CELU : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"alpha", OptionType::number, 1.0,
             "the value the output tends to for x -> -inf is -alpha"}};
  }
  explicit CELU(const axon::Options& o) : alpha_(o.get<double>("alpha")) {
    AXON_CHECK(alpha_ != 0.0, "celu: alpha cannot be 0 (it divides x), got {}", alpha_);
  }

  axon::Tensor forward(const axon::Tensor& x) override {
    axon::Tensor negative = alpha_ * axon::expm1(axon::clamp(x, std::nullopt, 0.0) / alpha_);
    return axon::where(axon::gt(x, 0.0), x, negative);
  }
  std::string describe() const override { return fmt::format("CELU(alpha={})", alpha_); }

 private:
  double alpha_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("celu", CELU, "x for x > 0, else alpha * (e^(x / alpha) - 1)");
