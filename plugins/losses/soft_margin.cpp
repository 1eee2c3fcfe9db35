// SoftMarginLoss: the two-class logistic loss log(1 + e^(-y x)) for targets
// y = +-1, as torch.nn.SoftMarginLoss; written as softplus(-y x), which cannot
// overflow.
//   input, target: broadcastable; loss: their shape with reduction none, else a scalar
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class SoftMarginLoss : public Loss {
 public:
  static OptionSchema options() { return {reduction_option()}; }
  explicit SoftMarginLoss(const Options& o) : reduction_(checked_reduction(o, "soft_margin")) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("soft_margin");
    return reduce(softplus(-target * input), reduction_);
  }

  std::string describe() const override { return "SoftMarginLoss(reduction=" + reduction_ + ")"; }

 private:
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("soft_margin", axon::losses::SoftMarginLoss, "log(1 + e^(-y x)), y = +-1");
