// PoissonNLLLoss: the negative log-likelihood of a Poisson target t with rate
// lambda, as torch.nn.PoissonNLLLoss, dropping the constant log(t!):
//   log_input: lambda = e^x, loss e^x - t x;  else lambda = x, loss x - t log(x + eps)
// full adds Stirling's approximation of log(t!), t log t - t + 0.5 log(2 pi t),
// where t > 1.
//   input, target: broadcastable; loss: their shape with reduction none, else a scalar
#include <axon/ops.h>
#include <axon/plugin.h>

#include <numbers>

#include "loss_options.h"

namespace axon::losses {
namespace {

class PoissonNLLLoss : public Loss {
 public:
  static OptionSchema options() {
    return {{"log_input", OptionType::boolean, true, "the input holds log(lambda)"},
            {"full", OptionType::boolean, false, "add the Stirling term of log(target!)"},
            {"eps", OptionType::number, 1e-8, "added to the rate before its log (log_input false)"},
            reduction_option()};
  }

  explicit PoissonNLLLoss(const Options& o)
      : log_input_(o.get<bool>("log_input")),
        full_(o.get<bool>("full")),
        eps_(o.get<double>("eps")),
        reduction_(checked_reduction(o, "poisson_nll")) {}

  Tensor forward(const Tensor& input, const Tensor& target) override {
    ErrorContext context("poisson_nll");
    Tensor losses = log_input_ ? exp(input) - target * input : input - target * log(input + eps_);
    return reduce(full_ ? losses + stirling(target) : losses, reduction_);
  }

  std::string describe() const override {
    return fmt::format("PoissonNLLLoss(log_input={}, full={}, eps={}, reduction={})", log_input_,
                       full_, eps_, reduction_);
  }

 private:
  // t log t - t + 0.5 log(2 pi t) where t > 1, else 0; the logs never see t <= 1.
  static Tensor stirling(const Tensor& t) {
    Tensor counted = gt(t, 1.0);
    Tensor safe = where(counted, t, ones_like(t));
    Tensor term = safe * log(safe) - safe + 0.5 * log(safe * (2.0 * std::numbers::pi));
    return where(counted, term, zeros_like(term));
  }

  bool log_input_;
  bool full_;
  double eps_;
  std::string reduction_;
};

}  // namespace
}  // namespace axon::losses

AXON_REGISTER_LOSS("poisson_nll", axon::losses::PoissonNLLLoss,
                   "negative log-likelihood of a Poisson-distributed target");
