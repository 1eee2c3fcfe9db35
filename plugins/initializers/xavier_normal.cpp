// Xavier (Glorot) normal: fills the tensor from N(0, std^2) with
// std = gain * sqrt(2 / (fan_in + fan_out)), as torch.nn.init.xavier_normal_.
// Needs at least 2 dims (fans as in initializer.h).
#include <axon/autograd.h>
#include <axon/plugin.h>

#include "fan_scaling.h"

namespace {

using axon::initializers::xavier_options;
using axon::initializers::xavier_std;

class XavierNormal : public axon::Initializer {
 public:
  static axon::OptionSchema options() { return xavier_options(); }
  explicit XavierNormal(const axon::Options& o) : gain_(o.get<double>("gain")) {}

  void apply(axon::Tensor& tensor) override {
    axon::ErrorContext context("xavier_normal");
    double stddev = xavier_std(tensor.shape(), gain_);
    axon::NoGradGuard no_grad;
    tensor.normal_(0.0, stddev);
  }

  std::string describe() const override { return fmt::format("xavier_normal(gain={})", gain_); }

 private:
  double gain_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("xavier_normal", XavierNormal,
                          "N(0, std^2), std = gain sqrt(2 / (fan_in + fan_out))");
