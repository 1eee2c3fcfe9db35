// MultiMarginLoss: the multi-class hinge loss, as torch.nn.MultiMarginLoss:
// for a sample x with class y,
//   sum over i != y of weight[y] max(0, margin - x[y] + x[i])^p, divided by C.
//   input: (N, C) or (C); target: i64 class indices (N) or ()
//   weight: one per class (optional); loss: (N) or () with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "class_targets.h"
#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "multi_margin";

class MultiMarginLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"p", OptionType::integer, int64_t{1}, "the power of each hinge: 1 or 2"},
            {"margin", OptionType::number, 1.0, "the margin by which x[y] should beat the rest"},
            {"weight", OptionType::number_list, std::monostate{},
             "a manual rescaling weight for each class (None: all 1)"},
            reduction_option()};
  }

  explicit MultiMarginLoss(const Options& o)
      : p_(o.get<int64_t>("p")),
        margin_(o.get<double>("margin")),
        weight_(o.get<std::optional<std::vector<double>>>("weight")),
        reduction_(checked_reduction(o, kOp)) {
    AXON_CHECK(p_ == 1 || p_ == 2, "{}: only p == 1 and p == 2 are supported, got {}", kOp, p_);
  }

  Tensor forward(const Tensor& input, const Tensor& target) override {
    AXON_CHECK(input.dim() <= 2, "{}: expected input of shape (N, C) or (C), got {}", kOp,
               shape_str(input.shape()));
    check_class_targets(kOp, input, target);
    Tensor weights = class_weights(kOp, weight_, input);
    Batch batch = as_batch(input, target);
    ErrorContext context(kOp);
    return batch.restore(reduce(sample_losses(batch.input, batch.target, weights), reduction_),
                         reduction_);
  }

  std::string describe() const override {
    std::string weights = weight_ ? fmt::format(", weight={}", *weight_) : "";
    return fmt::format("MultiMarginLoss(p={}, margin={}{}, reduction={})", p_, margin_, weights,
                       reduction_);
  }

 private:
  // input: (N, C); target: (N); weights: (C) or undefined -> (N)
  Tensor sample_losses(const Tensor& input, const Tensor& target, const Tensor& weights) const {
    int64_t classes = input.size(1);
    Tensor picked = gather(input, 1, target.unsqueeze(1));              // (N, 1): x[y]
    Tensor hinge = clamp(input - picked + margin_, 0.0, std::nullopt);  // (N, C)
    if (p_ == 2) hinge = square(hinge);
    if (weights.defined()) hinge = hinge * index_select(weights, 0, target).unsqueeze(1);
    // The i == y term is max(0, margin), which the sum leaves out.
    Tensor others = eq(one_hot(target, classes), 0.0);
    hinge = where(others, hinge, zeros_like(hinge));
    return sum(hinge, {1}) / static_cast<double>(classes);
  }

  int64_t p_;
  double margin_;
  std::optional<std::vector<double>> weight_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("multi_margin", axon::losses::MultiMarginLoss,
                   "multi-class hinge loss of class indices");
