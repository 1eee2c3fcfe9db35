// Mean squared logarithmic error: (log(1 + input) - log(1 + target))^2, which
// has no PyTorch module. Inputs and targets are expected > -1.
//   input, target: broadcastable; loss: their shape with reduction none, else a scalar
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class MSLELoss : public Loss {
 public:
  static OptionSchema options() { return {reduction_option()}; }
  explicit MSLELoss(const Options& o) : reduction_(checked_reduction(o, "msle")) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("msle");
    return reduce(square(log1p(input) - log1p(target)), reduction_);
  }

  std::string describe() const override { return "MSLELoss(reduction=" + reduction_ + ")"; }

 private:
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("msle", axon::losses::MSLELoss,
                   "squared error of log(1 + x): (log1p(input) - log1p(target))^2");
