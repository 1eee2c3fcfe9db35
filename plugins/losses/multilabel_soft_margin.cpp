// MultiLabelSoftMarginLoss: the logistic loss of each class, averaged over
// the classes, as torch.nn.MultiLabelSoftMarginLoss: for a sample x with 0/1
// targets y, mean over classes c of
//   -weight[c] (y[c] log(sigmoid(x[c])) + (1 - y[c]) log(sigmoid(-x[c]))).
// -log(sigmoid(x)) is written softplus(-x), which cannot overflow.
//   input: (N, C) or (C), the classes on the last dim; target: broadcastable
//   weight: see broadcast_weight (loss_options.h), usually one per class
//   loss: (N) or () with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr const char* kOp = "multilabel_soft_margin";

class MultiLabelSoftMarginLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"weight", OptionType::number_list, std::monostate{},
             "a manual rescaling weight for each class (None: all 1)"},
            reduction_option()};
  }

  explicit MultiLabelSoftMarginLoss(const Options& o)
      : weight_(o.get<std::optional<std::vector<double>>>("weight")),
        reduction_(checked_reduction(o, kOp)) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    AXON_CHECK(input.dim() >= 1, "{}: expected input of shape (N, C) or (C), got {}", kOp,
               shape_str(input.shape()));
    Tensor weight = broadcast_weight(kOp, "weight", weight_, input);
    ErrorContext context(kOp);
    Tensor losses = target * softplus(-input) + (1.0 - target) * softplus(input);
    if (weight.defined()) losses = losses * weight;
    int64_t class_dim = input.dim() - 1;
    return reduce(sum(losses, {class_dim}) / static_cast<double>(input.size(class_dim)),
                  reduction_);
  }

  std::string describe() const override {
    std::string weights = weight_ ? fmt::format("weight={}, ", *weight_) : "";
    return "MultiLabelSoftMarginLoss(" + weights + "reduction=" + reduction_ + ")";
  }

 private:
  std::optional<std::vector<double>> weight_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("multilabel_soft_margin", axon::losses::MultiLabelSoftMarginLoss,
                   "per-class logistic loss of 0/1 targets, averaged over the classes");
