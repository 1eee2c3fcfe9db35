// LeakyReLU: x for x > 0, negative_slope * x otherwise, as torch.nn.LeakyReLU.
// Any shape in, same shape out.
#include <axon/ops.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

class LeakyReLU : public axon::Layer {
 public:
  static axon::OptionSchema options() {
    return {{"negative_slope", OptionType::number, 0.01, "the slope for x < 0"}};
  }
  explicit LeakyReLU(const axon::Options& o) : negative_slope_(o.get<double>("negative_slope")) {}

  axon::Tensor forward(const axon::Tensor& x) override {
    return axon::leaky_relu(x, negative_slope_);
  }
  std::string describe() const override {
    return fmt::format("LeakyReLU(negative_slope={})", negative_slope_);
  }

 private:
  double negative_slope_;
};

}  // namespace

AXON_REGISTER_ACTIVATION("leaky_relu", LeakyReLU, "x for x > 0, else negative_slope * x");
