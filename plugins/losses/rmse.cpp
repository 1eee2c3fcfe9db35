// Root mean squared error: sqrt(mean((input - target)^2)), which has no
// PyTorch module. Only reduction mean makes sense: the root is of the mean.
//   input, target: broadcastable; loss: a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class RMSELoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"reduction", OptionType::string, std::string("mean"), "mean (the only one)"}};
  }

  explicit RMSELoss(const Options& o) {
    auto reduction = o.get<std::string>("reduction");
    AXON_CHECK(reduction == "mean",
               "rmse: only reduction 'mean' is supported (the root of the mean), got '{}'",
               reduction);
  }

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("rmse");
    return sqrt(mean(square(input - target)));
  }

  std::string describe() const override { return "RMSELoss(reduction=mean)"; }
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("rmse", axon::losses::RMSELoss, "sqrt(mean((input - target)^2))");
