// Kaiming (He) normal: fills the tensor from N(0, std^2) with
// std = gain / sqrt(fan), as torch.nn.init.kaiming_normal_; see fan_scaling.h.
// Like PyTorch, a tensor with no elements is left alone.
#include <axon/autograd.h>
#include <axon/plugin.h>

#include "fan_scaling.h"

namespace {

using axon::initializers::KaimingScale;

class KaimingNormal : public axon::Initializer {
 public:
  static axon::OptionSchema options() { return KaimingScale::options(); }
  explicit KaimingNormal(const axon::Options& o) : scale_("kaiming_normal", o) {}

  void apply(axon::Tensor& tensor) override {
    if (tensor.numel() == 0) return;
    axon::ErrorContext context("kaiming_normal");
    double stddev = scale_.stddev(tensor.shape());
    axon::NoGradGuard no_grad;
    tensor.normal_(0.0, stddev);
  }

  std::string describe() const override { return "kaiming_normal(" + scale_.str() + ")"; }

 private:
  KaimingScale scale_;
};

}  // namespace

AXON_REGISTER_INITIALIZER("kaiming_normal", KaimingNormal,
                          "N(0, std^2), std = gain / sqrt(fan) (He et al.)");
