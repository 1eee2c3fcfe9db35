// Log-cosh loss: log(cosh(input - target)), which has no PyTorch module.
// Computed as |d| + log1p(e^(-2|d|)) - log 2, which cannot overflow; its
// gradient is tanh(d).
//   input, target: broadcastable; loss: their shape with reduction none, else a scalar
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

#include "loss_options.h"

namespace axon::losses {
namespace {

class LogCoshLoss : public Loss {
 public:
  static OptionSchema options() { return {reduction_option()}; }
  explicit LogCoshLoss(const Options& o) : reduction_(checked_reduction(o, "log_cosh")) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("log_cosh");
    Tensor distance = abs(input - target);
    return reduce(distance + log1p(exp(distance * -2.0)) - std::log(2.0), reduction_);
  }

  std::string describe() const override { return "LogCoshLoss(reduction=" + reduction_ + ")"; }

 private:
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("log_cosh", axon::losses::LogCoshLoss, "log(cosh(input - target))");
