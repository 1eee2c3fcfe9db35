// HuberLoss, as torch.nn.HuberLoss: with d = |input - target|, 0.5 d^2 where
// d < delta, else delta (d - 0.5 delta).
//   input, target: broadcastable; loss: their shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class HuberLoss : public Loss {
 public:
  static OptionSchema options() {
    return {reduction_option(),
            {"delta", OptionType::number, 1.0, "where the loss turns from quadratic to linear"}};
  }

  explicit HuberLoss(const Options& o)
      : reduction_(checked_reduction(o, "huber")), delta_(o.get<double>("delta")) {
    AXON_CHECK(delta_ > 0.0, "huber: delta must be positive, got {}", delta_);
  }

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("huber");
    Tensor diff = input - target;
    Tensor distance = abs(diff);
    Tensor losses =
        where(lt(distance, delta_), square(diff) * 0.5, (distance - 0.5 * delta_) * delta_);
    return reduce(losses, reduction_);
  }

  std::string describe() const override {
    return fmt::format("HuberLoss(reduction={}, delta={})", reduction_, delta_);
  }

 private:
  std::string reduction_;
  double delta_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("huber", axon::losses::HuberLoss,
                   "quadratic below delta, linear (slope delta) above");
