// Xavier (Glorot) uniform: fills the tensor from U(-bound, bound) with
// bound = gain * sqrt(6 / (fan_in + fan_out)), as torch.nn.init.xavier_uniform_.
// Needs at least 2 dims (fans as in initializer.h).
#include <axon/autograd.h>
#include <axon/plugin.h>

#include <cmath>

#include "fan_scaling.h"

namespace {

using axon::initializers::xavier_options;
using axon::initializers::xavier_std;

class XavierUniform : public axon::Initializer {
 public:
  static axon::OptionSchema options() { return xavier_options(); }
  explicit XavierUniform(const axon::Options& o) : gain_(o.get<double>("gain")) {}

  void apply(axon::Tensor& tensor) override {
    axon::ErrorContext context("xavier_uniform");
    double bound = std::sqrt(3.0) * xavier_std(tensor.shape(), gain_);
    axon::NoGradGuard no_grad;
    tensor.uniform_(-bound, bound);
  }

  std::string describe() const override { return fmt::format("xavier_uniform(gain={})", gain_); }

 private:
  double gain_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("xavier_uniform", XavierUniform,
                          "U(-b, b), b = gain sqrt(6 / (fan_in + fan_out))");
