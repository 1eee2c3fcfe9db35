// BCELoss: -weight (t log(p) + (1 - t) log(1 - p)) for probabilities p, as
// torch.nn.BCELoss; each log is clamped at -100, as PyTorch's, so that p = 0
// or 1 gives a finite loss.
//   input: probabilities in [0, 1], any shape; target: input's shape
//   weight: see broadcast_weight (loss_options.h)
//   loss: input's shape with reduction none, else a scalar
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

constexpr double kLogFloor = -100.0;

class BCELoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"weight", OptionType::number_list, std::monostate{},
             "a manual rescaling weight for each element (None: all 1)"},
            reduction_option()};
  }

  explicit BCELoss(const Options& o)
      : weight_(o.get<std::optional<std::vector<double>>>("weight")),
        reduction_(checked_reduction(o, "binary_cross_entropy")) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    AXON_CHECK(input.shape() == target.shape(),
               "binary_cross_entropy: expected target of the input's shape {}, got {}",
               shape_str(input.shape()), shape_str(target.shape()));
    Tensor weight = broadcast_weight("binary_cross_entropy", "weight", weight_, input);
    ErrorContext context("binary_cross_entropy");
    Tensor log_p = clamp(log(input), kLogFloor, std::nullopt);
    Tensor log_not_p = clamp(log(1.0 - input), kLogFloor, std::nullopt);
    Tensor losses = -(target * log_p + (1.0 - target) * log_not_p);
    return reduce(weight.defined() ? losses * weight : losses, reduction_);
  }

  std::string describe() const override {
    std::string weights = weight_ ? fmt::format("weight={}, ", *weight_) : "";
    return "BCELoss(" + weights + "reduction=" + reduction_ + ")";
  }

 private:
  std::optional<std::vector<double>> weight_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("binary_cross_entropy", axon::losses::BCELoss,
                   "binary cross-entropy of probabilities");
