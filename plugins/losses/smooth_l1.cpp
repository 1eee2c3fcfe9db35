// SmoothL1Loss, as torch.nn.SmoothL1Loss: with d = |input - target|,
// 0.5 d^2 / beta where d < beta, else d - 0.5 beta (plain L1 when beta is 0).
//   input, target: broadcastable; loss: their shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class SmoothL1Loss : public Loss {
 public:
  static OptionSchema options() {
    return {reduction_option(),
            {"beta", OptionType::number, 1.0, "where the loss turns from quadratic to linear"}};
  }

  explicit SmoothL1Loss(const Options& o)
      : reduction_(checked_reduction(o, "smooth_l1")), beta_(o.get<double>("beta")) {
    AXON_CHECK(beta_ >= 0.0, "smooth_l1: beta must be non-negative, got {}", beta_);
  }

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("smooth_l1");
    Tensor diff = input - target;
    Tensor distance = abs(diff);
    // beta = 0 would divide by zero in the quadratic branch, NaN in its gradient.
    if (beta_ == 0.0) return reduce(distance, reduction_);
    Tensor losses =
        where(lt(distance, beta_), square(diff) * (0.5 / beta_), distance - 0.5 * beta_);
    return reduce(losses, reduction_);
  }

  std::string describe() const override {
    return fmt::format("SmoothL1Loss(reduction={}, beta={})", reduction_, beta_);
  }

 private:
  std::string reduction_;
  double beta_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("smooth_l1", axon::losses::SmoothL1Loss,
                   "quadratic below beta, linear above (scaled by 1 / beta)");
