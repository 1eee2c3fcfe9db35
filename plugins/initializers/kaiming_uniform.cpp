// Kaiming (He) uniform: fills the tensor from U(-bound, bound) with
// bound = gain * sqrt(3 / fan), as torch.nn.init.kaiming_uniform_; see
// fan_scaling.h. Like PyTorch, a tensor with no elements is left alone.
#include <axon/autograd.h>
#include <axon/plugin.h>

#include <cmath>

#include "fan_scaling.h"

namespace {

using axon::initializers::KaimingScale;

class KaimingUniform : public axon::Initializer {
 public:
  static axon::OptionSchema options() { return KaimingScale::options(); }
  explicit KaimingUniform(const axon::Options& o) : scale_("kaiming_uniform", o) {}

  void apply(axon::Tensor& tensor) override {
    if (tensor.numel() == 0) return;
    axon::ErrorContext context("kaiming_uniform");
    double bound = std::sqrt(3.0) * scale_.stddev(tensor.shape());
    axon::NoGradGuard no_grad;
    tensor.uniform_(-bound, bound);
  }

  std::string describe() const override { return "kaiming_uniform(" + scale_.str() + ")"; }

 private:
  KaimingScale scale_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("kaiming_uniform", KaimingUniform,
                          "U(-b, b), b = gain sqrt(3 / fan) (He et al.)");
