// GaussianNLLLoss: the negative log-likelihood of a target t under a normal
// distribution with mean `input` and variance `var`, as torch.nn.GaussianNLLLoss:
//   0.5 (log(max(var, eps)) + (input - t)^2 / max(var, eps)), + 0.5 log(2 pi) when full.
//   forward({input, target, var}): input (N, *) or (*), target broadcastable
//   to it; var of input's shape, or with its last dim 1 or left out (one
//   variance for the whole last dim)
//   loss: the broadcast shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <numbers>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "gaussian_nll";
constexpr const char* kInputs = "input, target, var";

// var shaped to broadcast against input, as F.gaussian_nll_loss: input's own
// shape, input's shape without its last dim (a trailing 1 is added), or that
// with a last dim of 1. Nothing else broadcasts, not even a 0-D var.
Tensor shaped_var(const Tensor& input, const Tensor& var) {
  if (var.shape() == input.shape()) return var;
  Shape leading(input.shape().begin(), input.shape().end() - (input.dim() > 0 ? 1 : 0));
  if (var.shape() == leading) return var.unsqueeze(var.dim());
  Shape last_one = leading;
  last_one.push_back(1);
  AXON_CHECK(var.shape() == last_one,
             "{}: var is of incorrect size: expected {} (the input's shape), {} or {}, got {}", kOp,
             shape_str(input.shape()), shape_str(leading), shape_str(last_one),
             shape_str(var.shape()));
  return var;
}

class GaussianNLLLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"full", OptionType::boolean, false, "add the constant 0.5 log(2 pi)"},
            {"eps", OptionType::number, 1e-6, "the floor of var, for stability"},
            reduction_option()};
  }

  explicit GaussianNLLLoss(const Options& o)
      : full_(o.get<bool>("full")),
        eps_(o.get<double>("eps")),
        reduction_(checked_reduction(o, kOp)) {}

  Tensor forward(const Tensor&, const Tensor&) override { reject_two_inputs(kOp, kInputs); }

  Tensor forward(const TensorList& inputs) override {
    check_three_inputs(kOp, inputs, kInputs);
    const Tensor& input = inputs[0];
    const Tensor& target = inputs[1];
    Tensor var = shaped_var(input, inputs[2]);
    bool negative = var.numel() > 0 && amin(var).item() < 0.0;
    AXON_CHECK(!negative, "{}: var has negative entry/entries", kOp);
    ErrorContext context(kOp);
    // PyTorch clamps var in place under no_grad: the value is floored at eps
    // but the gradient reaches var unchanged, even where the floor applied.
    // Adding var - var.detach() (0, with var's gradient) does the same.
    Tensor floored = clamp(var, eps_, std::nullopt).detach() + (var - var.detach());
    Tensor losses = 0.5 * (log(floored) + square(input - target) / floored);
    if (full_) losses = losses + 0.5 * std::log(2.0 * std::numbers::pi);
    return reduce(losses, reduction_);
  }

  std::string describe() const override {
    return fmt::format("GaussianNLLLoss(full={}, eps={}, reduction={})", full_, eps_, reduction_);
  }

 private:
  bool full_;
  double eps_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("gaussian_nll", axon::losses::GaussianNLLLoss,
                   "negative log-likelihood of a normal target, from (input, target, var)");
