// NAdam: Adam with Nesterov momentum and a momentum schedule, with weight
// decay (L2, added to the gradient), as torch.optim.NAdam (1.13,
// single-tensor path). Per parameter, at step t:
//   g = grad + weight_decay * p
//   mu_t = beta1 (1 - 0.5 * 0.96^(t momentum_decay)), mu_{t+1} likewise
//   mu_product *= mu_t;  mu_product_next = mu_product * mu_t * mu_{t+1}
//   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   denom = sqrt(v / (1 - beta2^t)) + eps
//   p -= lr (1 - mu_t) / (1 - mu_product) * g / denom
//   p -= lr mu_{t+1} / (1 - mu_product_next) * m / denom
// mu_product_next repeats mu_t as PyTorch 1.13 does. State: "step" and
// "mu_product" (scalars), "exp_avg", "exp_avg_sq".
#include <axon/autograd.h>
#include <axon/error.h>
#include <axon/ops.h>
#include <axon/plugin.h>

#include <cmath>

#include "check_betas.h"
#include "per_param_optimizer.h"
#include "state_tensor.h"

namespace {

using axon::OptionType;
using axon::Tensor;
using axon::optimizers::state_tensor;

struct Hyper : axon::optimizers::BetasHyper {
  double momentum_decay;

  explicit Hyper(const axon::Options& o)
      : BetasHyper(o), momentum_decay(o.get<double>("momentum_decay")) {}

  void check() const {
    BetasHyper::check("nadam");
    AXON_CHECK(momentum_decay >= 0.0, "nadam: invalid momentum_decay value: {}", momentum_decay);
  }

  // The momentum coefficient mu at `step`.
  double mu(double step) const {
    return betas[0] * (1.0 - 0.5 * std::pow(0.96, step * momentum_decay));
  }
};

class NAdam : public axon::optimizers::PerParamOptimizer<Hyper> {
 public:
  static axon::OptionSchema options() {
    return axon::optimizers::betas_options(2e-3).add("momentum_decay", OptionType::number, 4e-3,
                                                     "momentum decay (psi)");
  }

  explicit NAdam(std::vector<axon::ParamGroup> groups)
      : PerParamOptimizer(std::move(groups), "NAdam") {}

 private:
  void update(Tensor& param, const Hyper& h) override {
    axon::ParamState& s = state(param);
    Tensor& exp_avg = state_tensor(s, "exp_avg", param);
    Tensor& exp_avg_sq = state_tensor(s, "exp_avg_sq", param);
    double step = s.scalars["step"] += 1.0;
    double& mu_product_state = s.scalars.try_emplace("mu_product", 1.0).first->second;
    double beta1 = h.betas[0], beta2 = h.betas[1];

    Tensor grad = param.grad();
    if (h.weight_decay != 0.0) grad = axon::add(grad, param, h.weight_decay);
    double mu = h.mu(step), mu_next = h.mu(step + 1.0);
    double mu_product = mu_product_state *= mu;
    double mu_product_next = mu_product * mu * mu_next;
    exp_avg.mul_(beta1).add_(grad, 1.0 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1.0 - beta2);

    Tensor denom = axon::sqrt(axon::div(exp_avg_sq, 1.0 - std::pow(beta2, step)));
    denom.add_(h.eps);
    param.addcdiv_(grad, denom, -h.lr * (1.0 - mu) / (1.0 - mu_product));
    param.addcdiv_(exp_avg, denom, -h.lr * mu_next / (1.0 - mu_product_next));
  }
};

}  // namespace

AXON_REGISTER_OPTIMIZER("nadam", NAdam, "Adam with Nesterov momentum (PyTorch 1.13)");
