// RAdam: Adam whose adaptive step is switched on, and rectified, once the
// variance of the adaptive learning rate is tractable; with weight decay (L2,
// added to the gradient), as torch.optim.RAdam (1.13, single-tensor path,
// which has no maximize). Per parameter, at step t:
//   g = grad + weight_decay * p
//   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   rho_inf = 2 / (1 - beta2) - 1
//   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
//   rho_t > 5: r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
//              p -= lr r sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
//   otherwise: p -= lr / (1 - beta1^t) * m               (SGD with momentum)
// eps is added to sqrt(v) before the bias correction of v. State: "step"
// (scalar), "exp_avg", "exp_avg_sq".
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

#include "check_betas.h"
#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace {

using axon::Tensor;
using axon::optimizers::state_tensor;

struct Hyper : axon::optimizers::BetasHyper {
  using BetasHyper::BetasHyper;
  void check() const { BetasHyper::check("radam"); }
};

class RAdam : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() { return axon::optimizers::betas_options(1e-3); }

  explicit RAdam(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "RAdam") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& exp_avg = state_tensor(s, "exp_avg", param);
    Tensor& exp_avg_sq = state_tensor(s, "exp_avg_sq", param);
    double step = s.scalars["step"] += 1.0;
    double beta1 = h.betas[0], beta2 = h.betas[1];
    double bias_correction1 = 1.0 - std::pow(beta1, step);
    double bias_correction2 = 1.0 - std::pow(beta2, step);

    Tensor grad = param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    exp_avg.mul_(beta1).add_(grad, 1.0 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1.0 - beta2);

    // The length of the approximated simple moving average, and its limit.
    double rho_inf = 2.0 / (1.0 - beta2) - 1.0;
    double rho_t = rho_inf - 2.0 * step * std::pow(beta2, step) / bias_correction2;
    if (rho_t > 5.0) {
      double rect = std::sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf /
                              ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t));
      Tensor denom = axon::sqrt(exp_avg_sq);
      denom.add_(h.eps);
      param.addcdiv_(exp_avg, denom, -h.lr * rect * std::sqrt(bias_correction2) / bias_correction1);
    } else {
      param.add_(exp_avg, -h.lr / bias_correction1);
    }
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("radam", RAdam, "rectified Adam (PyTorch 1.13)");
