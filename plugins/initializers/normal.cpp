// Normal: fills the tensor from N(mean, std^2), as torch.nn.init.normal_.
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/plugin.h>
#include <fmt/format.h>

namespace {

using axon::OptionType;

class Normal : public axon::Initializer {
 public:
  static axon::OptionSchema options() {
    return {
        {"mean", OptionType::number, 0.0, "mean of the normal distribution"},
        {"std", OptionType::number, 1.0, "standard deviation of the normal distribution"},
    };
  }

  explicit Normal(const axon::Options& o)
      : mean_(o.get<double>("mean")), std_(o.get<double>("std")) {
    AXON_CHECK(std_ >= 0.0, "normal: expected std >= 0, got {}", std_);
  }

  void apply(axon::Tensor& tensor) override {
    axon::NoGradGuard no_grad;
    tensor.normal_(mean_, std_);
  }

  std::string describe() const override {
    return fmt::format("normal(mean={}, std={})", mean_, std_);
  }

 private:
  double mean_, std_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("normal", Normal, "fills from N(mean, std^2)");
