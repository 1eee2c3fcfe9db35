// KLDivLoss: the pointwise Kullback-Leibler divergence t (log t - x) of a
// target distribution t from log-probabilities x, as torch.nn.KLDivLoss; with
// log_target the target holds log t: e^t (t - x). 0 log 0 counts as 0.
//   input, target: broadcastable; loss: their shape with reduction none, else
//   a scalar; batchmean divides the sum by input.size(0), the true KL divergence
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include "loss_options.h"

namespace axon::losses {
namespace {

class KLDivLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"reduction", OptionType::string, std::string("mean"), "none | mean | sum | batchmean"},
            {"log_target", OptionType::boolean, false, "the target holds log-probabilities"}};
  }

  explicit KLDivLoss(const Options& o)
      : reduction_(o.get<std::string>("reduction")), log_target_(o.get<bool>("log_target")) {
    AXON_CHECK(reduction_ == "none" || reduction_ == "mean" || reduction_ == "sum" ||
                   reduction_ == "batchmean",
               "kl_div: reduction must be one of none, mean, sum, batchmean, got '{}'", reduction_);
  }

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("kl_div");
    Tensor losses = log_target_ ? exp(target) * (target - input) : xlogy(target) - target * input;
    if (reduction_ != "batchmean") return reduce(losses, reduction_);
    return input.dim() == 0 ? sum(losses) : sum(losses) / static_cast<double>(input.size(0));
  }

  std::string describe() const override {
    return fmt::format("KLDivLoss(reduction={}, log_target={})", reduction_, log_target_);
  }

 private:
  // t log t, 0 where t is 0 (PyTorch's xlogy(t, t)); the log never sees 0.
  static Tensor xlogy(const Tensor& t) {
    Tensor positive = gt(t, 0.0);
    return t * log(where(positive, t, ones_like(t)));
  }

  std::string reduction_;
  bool log_target_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("kl_div", axon::losses::KLDivLoss,
                   "Kullback-Leibler divergence, from log-probabilities");
