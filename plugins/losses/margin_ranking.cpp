// MarginRankingLoss: max(0, -y (x1 - x2) + margin) for targets y = +-1 (1: x1
// should rank higher), as torch.nn.MarginRankingLoss.
//   forward({input1, input2, target}): broadcastable, usually (N) each
//   loss: their shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "margin_ranking";

class MarginRankingLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"margin", OptionType::number, 0.0, "the margin by which x1 should beat x2"},
            reduction_option()};
  }

  explicit MarginRankingLoss(const Options& o)
      : margin_(o.get<double>("margin")), reduction_(checked_reduction(o, kOp)) {}

  Tensor forward(const Tensor&, const Tensor&) override { reject_two_inputs(kOp); }

  Tensor forward(const TensorList& inputs) override {
    check_three_inputs(kOp, inputs);
    ErrorContext context(kOp);
    const Tensor& target = inputs[2];
    return reduce(clamp(-target * (inputs[0] - inputs[1]) + margin_, 0.0, std::nullopt),
                  reduction_);
  }

  std::string describe() const override {
    return fmt::format("MarginRankingLoss(margin={}, reduction={})", margin_, reduction_);
  }

 private:
  double margin_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("margin_ranking", axon::losses::MarginRankingLoss,
                   "max(0, -y (x1 - x2) + margin), from (input1, input2, target)");
