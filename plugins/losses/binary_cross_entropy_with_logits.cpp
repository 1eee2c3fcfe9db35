// BCEWithLogitsLoss: binary cross-entropy of sigmoid(input), as
// torch.nn.BCEWithLogitsLoss, in PyTorch's stable form:
//   (1 - t) x + (1 + (pos_weight - 1) t) softplus(-x)
// since -log(sigmoid(x)) = softplus(-x) and -log(1 - sigmoid(x)) = x + softplus(-x).
//   input: logits, any shape; target: input's shape
//   weight, pos_weight: see broadcast_weight (loss_options.h); pos_weight
//   usually holds one weight per class of the last dim
//   loss: input's shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "binary_cross_entropy_with_logits";

class BCEWithLogitsLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"weight", OptionType::number_list, std::monostate{},
             "a manual rescaling weight for each element (None: all 1)"},
            reduction_option(),
            {"pos_weight", OptionType::number_list, std::monostate{},
             "a weight of the positive examples for each class (None: all 1)"}};
  }

  explicit BCEWithLogitsLoss(const Options& o)
      : weight_(o.get<std::optional<std::vector<double>>>("weight")),
        reduction_(checked_reduction(o, kOp)),
        pos_weight_(o.get<std::optional<std::vector<double>>>("pos_weight")) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    AXON_CHECK(input.shape() == target.shape(),
               "{}: expected target of the input's shape {}, got {}", kOp, shape_str(input.shape()),
               shape_str(target.shape()));
    Tensor weight = broadcast_weight(kOp, "weight", weight_, input);
    Tensor pos_weight = broadcast_weight(kOp, "pos_weight", pos_weight_, input);
    ErrorContext context(kOp);
    Tensor log_weight = pos_weight.defined() ? (pos_weight - 1.0) * target + 1.0 : Tensor();
    Tensor neg_log_sigmoid = softplus(-input);
    Tensor losses = (1.0 - target) * input +
                    (log_weight.defined() ? log_weight * neg_log_sigmoid : neg_log_sigmoid);
    return reduce(weight.defined() ? losses * weight : losses, reduction_);
  }

  std::string describe() const override {
    std::string weights = weight_ ? fmt::format("weight={}, ", *weight_) : "";
    std::string pos = pos_weight_ ? fmt::format(", pos_weight={}", *pos_weight_) : "";
    return "BCEWithLogitsLoss(" + weights + "reduction=" + reduction_ + pos + ")";
  }

 private:
  std::optional<std::vector<double>> weight_;
  std::string reduction_;
  std::optional<std::vector<double>> pos_weight_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("binary_cross_entropy_with_logits", axon::losses::BCEWithLogitsLoss,
                   "sigmoid + binary cross-entropy, from logits");
